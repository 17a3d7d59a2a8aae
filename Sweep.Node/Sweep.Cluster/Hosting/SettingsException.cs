namespace Sweep.Cluster.Hosting;

/// <summary>A setting (option, environment variable or appsettings.json key) that cannot be used; the message names it and what is accepted.</summary>
public sealed class SettingsException(string message) : Exception(message);
