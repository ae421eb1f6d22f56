namespace TlsRecordingRelay.Http.Pages;

/// <summary>One series (segment kind) of a <see cref="StackedBarChart"/>; <paramref name="Hatched"/> adds stripes, so bad news does not rest on colour alone.</summary>
public sealed record ChartSeries(string Name, string Colour, bool Hatched = false);
