namespace TlsRecordingRelay.Core.Hops;

/// <summary>A hop's security and the human sentence that justifies it.</summary>
internal readonly record struct Judgement(string Security, string Reason);
