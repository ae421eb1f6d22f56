namespace TlsRecordingRelay.Http.Pages;

/// <summary>One bar of a <see cref="StackedBarChart"/>: a label, one count per series, and the text at its end.</summary>
public sealed record ChartRow(string Label, IReadOnlyList<int> Values, string Summary);
