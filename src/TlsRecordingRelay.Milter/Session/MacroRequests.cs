using TlsRecordingRelay.Milter.Protocol;

namespace TlsRecordingRelay.Milter.Session;

/// <summary>
/// The macros we ask for per stage in the negotiation reply (SMFIF_SETSYMLIST). Postfix then sends exactly these
/// lists (milter8.c replaces all its lists once a filter names any), so every stage we read from is listed.
/// The TLS and client facts are asked again at end of message so the report holds them even when the HELO-stage
/// values were not sent. docs/milter.md gives the equivalent main.cf and sendmail.mc lines.
/// </summary>
internal static class MacroRequests
{
    private const string Tls = "{tls_version} {cipher} {cipher_bits} {cert_subject} {cert_issuer} {verify}";
    private const string Client = "{client_addr} {client_name} {client_port}";

    public static IReadOnlyList<KeyValuePair<MacroStage, string>> Lists { get; } =
    [
        new(MacroStage.Connect, "j {daemon_name} " + Client),
        new(MacroStage.Helo, Tls),
        new(MacroStage.MailFrom, "i {auth_authen} {auth_type}"),
        new(MacroStage.Rcpt, "i"),
        new(MacroStage.Data, "i"),
        new(MacroStage.EndOfHeaders, "i"),
        new(MacroStage.EndOfMessage, "i j {daemon_name} {auth_authen} " + Tls + " " + Client),
    ];
}
