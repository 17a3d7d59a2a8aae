namespace Sweep.Training.Data.Images;

/// <summary>Data that is missing, damaged or not in the expected format; the message says which file and how to fix it.</summary>
public sealed class DataException(string message) : Exception(message);
