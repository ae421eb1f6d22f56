namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>What a session's <see cref="SessionInputReader"/> needs to know about its session.</summary>
/// <param name="Hostname">Our own host name: for the 421 on timeout, and <c>RCPT TO:&lt;postmaster&gt;</c> becomes <c>postmaster@</c> it (RFC 5321 §4.5.1).</param>
/// <param name="CommandTimeout">How long a client may take over one command line (<c>Smtp:CommandTimeout</c>).</param>
/// <param name="OnLineTooLong">Called (to log) when a command line over the limit was discarded.</param>
/// <param name="OnCommandTimeout">Called (to log) when a command timed out.</param>
/// <param name="RecipientsFull">True when the current transaction holds the most recipients we take.</param>
internal sealed record InputRules(string Hostname, TimeSpan CommandTimeout, Action OnLineTooLong, Action OnCommandTimeout, Func<bool> RecipientsFull);
