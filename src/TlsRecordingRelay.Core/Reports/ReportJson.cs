using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Milter;

namespace TlsRecordingRelay.Core.Reports;

/// <summary>
/// Writes the <c>report --json</c> document of DESIGN.md "Contracts" (<c>{"reports": […]}</c>), field by field.
/// The hops are the stored array written back unchanged, so the report shows exactly what was judged at acceptance.
/// Additions to the contract: <c>sni</c> on inbound; <c>nextAttemptAt</c> per recipient; <c>route</c>, <c>port</c>,
/// <c>policy</c>, <c>starttlsOffered</c>, <c>certificateError</c>, <c>tlsError</c>, <c>result</c>,
/// <c>remoteQueueId</c> on the last attempt; and <c>milterReports</c>, the messages an MTA showed us through the milter.
/// </summary>
public static class ReportJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(IReadOnlyList<DeliveryReport> reports, bool indented = true) => Serialize(reports, [], indented);

    public static string Serialize(IReadOnlyList<DeliveryReport> reports, IReadOnlyList<MilterReport> milterReports, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(milterReports);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Options : CompactOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("reports");
            foreach (var report in reports)
            {
                WriteReport(writer, report);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("milterReports");
            foreach (var report in milterReports)
            {
                WriteMilterReport(writer, report);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteReport(Utf8JsonWriter writer, DeliveryReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("queueId", report.QueueId);
        writer.WriteString("messageId", report.MessageId);
        writer.WriteString("receivedAt", HopJson.FormatDate(new DateTimeOffset(report.ReceivedAtUtc, TimeSpan.Zero)));
        writer.WriteString("mailFrom", report.MailFrom);
        writer.WriteNumber("sizeBytes", report.SizeBytes);

        WriteClient(writer, report.Client);

        writer.WriteStartObject("inbound");
        writer.WriteString("with", report.WithProtocol);
        HopJson.WriteTls(writer, report.Tls);
        writer.WriteString("authenticatedUser", report.AuthenticatedUser);
        writer.WriteString("sni", report.Sni);
        writer.WriteEndObject();

        WriteVerdictAndHops(writer, report.Verdict, report.HopsJson);

        writer.WriteStartArray("recipients");
        foreach (var recipient in report.Recipients)
        {
            WriteRecipient(writer, recipient);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMilterReport(Utf8JsonWriter writer, MilterReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("mtaQueueId", report.MtaQueueId);
        writer.WriteString("mtaHostname", report.MtaHostname);
        writer.WriteString("daemonName", report.DaemonName);
        writer.WriteString("messageId", report.MessageId);
        writer.WriteString("receivedAt", HopJson.FormatDate(new DateTimeOffset(report.ReceivedAtUtc, TimeSpan.Zero)));
        writer.WriteString("mailFrom", report.MailFrom);
        writer.WriteStartArray("recipients");
        foreach (var recipient in report.Recipients)
        {
            writer.WriteStringValue(recipient);
        }

        writer.WriteEndArray();
        WriteClient(writer, report.Client);
        writer.WriteStartObject("inbound");
        writer.WriteString("with", report.WithProtocol);
        HopJson.WriteTls(writer, report.Tls);
        writer.WriteString("authenticatedUser", report.AuthenticatedUser);
        writer.WriteString("clientCertificateSubject", report.ClientCertificateSubject);
        writer.WriteString("clientCertificateIssuer", report.ClientCertificateIssuer);
        writer.WriteEndObject();
        WriteVerdictAndHops(writer, report.Verdict, report.HopsJson);
        writer.WriteString("action", report.Action);
        writer.WriteString("addedHeader", report.AddedHeader);
        writer.WriteEndObject();
    }

    private static void WriteRecipient(Utf8JsonWriter writer, RecipientReport recipient)
    {
        writer.WriteStartObject();
        writer.WriteString("address", recipient.Address);
        writer.WriteString("status", recipient.Status);
        writer.WriteString("policy", recipient.Policy);
        writer.WriteNumber("attempts", recipient.Attempts);
        writer.WriteString("nextAttemptAt", recipient.NextAttemptAtUtc is { } next && recipient.Status is "queued" or "deferred"
            ? HopJson.FormatDate(new DateTimeOffset(next, TimeSpan.Zero))
            : null);
        if (recipient.LastAttempt is not { } attempt)
        {
            writer.WriteNull("lastAttempt");
            writer.WriteEndObject();
            return;
        }

        writer.WriteStartObject("lastAttempt");
        writer.WriteString("at", HopJson.FormatDate(new DateTimeOffset(attempt.AtUtc, TimeSpan.Zero)));
        writer.WriteString("host", attempt.Host);
        writer.WriteString("ip", attempt.Ip);
        HopJson.WriteTls(writer, attempt.Tls);
        WriteNullable(writer, "certificateVerified", attempt.CertificateVerified);
        writer.WriteString("reply", attempt.Reply);
        writer.WriteString("error", attempt.Error);
        writer.WriteString("route", attempt.Route);
        if (attempt.Port is { } port)
        {
            writer.WriteNumber("port", port);
        }
        else
        {
            writer.WriteNull("port");
        }

        writer.WriteString("policy", attempt.Policy);
        WriteNullable(writer, "starttlsOffered", attempt.StartTlsOffered);
        writer.WriteString("certificateError", attempt.CertificateError);
        writer.WriteString("tlsError", attempt.TlsError);
        writer.WriteString("result", attempt.Result);
        writer.WriteString("remoteQueueId", attempt.RemoteQueueId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The connecting client, the same object in a delivery report and a milter report.</summary>
    private static void WriteClient(Utf8JsonWriter writer, InboundClient client)
    {
        writer.WriteStartObject("client");
        writer.WriteString("ip", client.Ip);
        writer.WriteString("helo", client.Helo);
        writer.WriteString("rdns", client.Rdns);
        writer.WriteEndObject();
    }

    /// <summary>The verdict and the stored hops array, written back unchanged (see the class summary).</summary>
    private static void WriteVerdictAndHops(Utf8JsonWriter writer, string? verdict, string hopsJson)
    {
        writer.WriteString("verdict", verdict);
        writer.WritePropertyName("hops");
        writer.WriteRawValue(hopsJson, skipInputValidation: false);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
