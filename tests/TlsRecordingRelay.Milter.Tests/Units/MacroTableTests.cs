using TlsRecordingRelay.Milter.Protocol;
using TlsRecordingRelay.Milter.Session;

namespace TlsRecordingRelay.Milter.Tests.Units;

public sealed class MacroTableTests
{
    private static MacroCommand Macros(char stage, params (string, string)[] pairs) =>
        new((byte)stage, pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ToList());

    [Fact]
    public void A_macro_is_found_with_or_without_braces()
    {
        var table = new MacroTable();
        table.Define(Macros('H', ("{tls_version}", "TLSv1.3")));
        Assert.Equal("TLSv1.3", table.Get("tls_version"));
        Assert.Equal("TLSv1.3", table.Get("{tls_version}"));
    }

    [Fact]
    public void A_newer_stage_wins_and_a_repeated_stage_replaces_the_older_values()
    {
        var table = new MacroTable();
        table.Define(Macros('H', ("{cipher}", "OLD"), ("{cipher_bits}", "128")));
        table.Define(Macros('H', ("{cipher}", "NEW")));  // EHLO again after STARTTLS
        Assert.Equal("NEW", table.Get("cipher"));
        Assert.Null(table.Get("cipher_bits"));
        table.Define(Macros('E', ("{cipher}", "EOM")));
        Assert.Equal("EOM", table.Get("cipher"));
    }

    [Fact]
    public void The_end_of_a_message_drops_its_macros_and_keeps_the_connections()
    {
        var table = new MacroTable();
        table.Define(Macros('C', ("j", "mx.example")));
        table.Define(Macros('M', ("i", "Q1")));
        table.ClearMessage();
        Assert.Equal("mx.example", table.Get("j"));
        Assert.Null(table.Get("i"));
        table.ClearAll();
        Assert.Null(table.Get("j"));
    }

    [Fact]
    public void An_empty_value_counts_as_absent_where_a_fact_is_needed()
    {
        var table = new MacroTable();
        table.Define(Macros('H', ("{tls_version}", string.Empty)));
        Assert.Equal(string.Empty, table.Get("tls_version"));
        Assert.Null(table.GetNonEmpty("tls_version"));
    }
}
