namespace Sweep.Web;

/// <summary>A part of a page that live updates replace whole: the element with this id gets this inner HTML.</summary>
public sealed record PageSection(string Id, string Html);
