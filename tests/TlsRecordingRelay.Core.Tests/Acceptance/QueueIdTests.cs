using TlsRecordingRelay.Core.Acceptance;

namespace TlsRecordingRelay.Core.Tests.Acceptance;

public sealed class QueueIdTests
{
    [Fact]
    public void Queue_ids_are_14_crockford_characters_and_sort_by_time()
    {
        var earlier = QueueId.New(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var later = QueueId.New(new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{14}$", earlier);
        Assert.True(string.CompareOrdinal(earlier[..6], later[..6]) < 0);
    }

    [Fact]
    public void Queue_ids_made_in_the_same_second_differ()
    {
        var now = DateTime.UtcNow;
        var ids = Enumerable.Range(0, 10_000).Select(_ => QueueId.New(now)).ToHashSet();
        Assert.Equal(10_000, ids.Count);
    }
}
