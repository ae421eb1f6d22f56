namespace TlsRecordingRelay.Milter;

/// <summary>What to tell the MTA when the upstream chain of a message for a protected recipient shows a plaintext hop.</summary>
public enum PlaintextChainAction
{
    /// <summary>Let it through; the report and the header still say plaintext.</summary>
    Accept,

    /// <summary><c>451 4.7.1</c>: the sender retries (useful while trying the policy out).</summary>
    Tempfail,

    /// <summary><c>550 5.7.1</c>: refuse the message.</summary>
    Reject,
}
