namespace Sweep.Reporting.Html;

/// <summary>The report cannot be written where asked (its folder, or what stands there); nothing was written.</summary>
public sealed class ReportException(string message) : Exception(message);
