using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Milter;

namespace TlsRecordingRelay.Milter.Analysis;

/// <summary>The analysis of one message: its report row, the header to add (or null), the SMTP refusal (or null = accept), the chain judged.</summary>
internal sealed record MilterDecision(MilterReport Report, string? HeaderValue, string? Refusal, ChainAnalysis Analysis);
