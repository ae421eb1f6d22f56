namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>The seed example of the hop-analyzer issue as raw header lines: Hotmail → Proofpoint (plaintext) → LuxSci.</summary>
internal static class SeedMessage
{
    public const string Chain =
        "Received: from abc.luxsci.com ([1.1.1.1])\r\n\tby def.luxsci.com (8.14.4/8.13.8) with ESMTP id r7JEfLgH003867\r\n"
        + "\t(version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT)\r\n\tfor <user-xyz@def.luxsci.com>; Mon, 19 Aug 2019 10:41:21 -0400\r\n"
        + "Received: from abc.luxsci.com (localhost.localdomain [127.0.0.1])\r\n\tby abc.luxsci.com (8.14.4/8.13.8) with ESMTP id r7JEfK0Z030182\r\n"
        + "\tfor <user-xyz@def.luxsci.com>; Mon, 19 Aug 2019 09:41:20 -0500\r\n"
        + "Received: (from mail@localhost)\r\n\tby abc.luxsci.com (8.14.4/8.13.8/Submit) id r7JEfKXD030178\r\n"
        + "\tfor user-xyz@def.luxsci.com; Mon, 19 Aug 2019 09:41:20 -0500\r\n"
        + "Received: from dispatch1-us1.ppe-hosted.com (dispatch1-us1.ppe-hosted.com [2.2.2.2])\r\n\tby abc.luxsci.com (8.14.4/8.13.8) with ESMTP id r7JEfIkK030002\r\n"
        + "\t(version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT)\r\n\tfor <someone@luxsci.net>; Mon, 19 Aug 2019 09:41:19 -0500\r\n"
        + "Received: from unknown [65.54.190.216] (EHLO bay0-omc4-s14.bay0.hotmail.com)\r\n\tby dispatch1-us1.ppe-hosted.com.ppe-hosted.com\r\n"
        + "        (envelope-from <someone@hotmail.com>);\r\n\tMon, 19 Aug 2019 08:41:18 -0600 (MDT)\r\n"
        + "Received: from BAY403-EAS373 ([65.54.190.199]) by bay0-omc4-s14.bay0.outlook.com\r\n"
        + "       with Microsoft SMTPSVC(6.0.3790.4675);\r\n       Mon, 19 Aug 2019 07:41:19 -0700\r\n";

    /// <summary>DATA for a message with the seed chain and this Message-ID, terminator included.</summary>
    public static string Data(string messageId) =>
        Chain + "Message-ID: <" + messageId + ">\r\nFrom: <sender@client.test>\r\nSubject: seed\r\n\r\nbody\r\n.\r\n";
}
