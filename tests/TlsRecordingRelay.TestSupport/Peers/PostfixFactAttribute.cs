using Xunit;

namespace TlsRecordingRelay.TestSupport.Peers;

/// <summary>
/// A test that needs a real Postfix: skipped on a machine without it, but run (and failing) when env <c>CI</c>
/// is set, so CI can never pass by silently skipping interop (npgsql <c>IgnoreExceptOnBuildServer</c>).
/// </summary>
public sealed class PostfixFactAttribute : FactAttribute
{
    public PostfixFactAttribute()
    {
        var missing = PostfixSink.MissingTool();
        if (missing is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = missing + " (set CI=1 to make this a failure)";
        }
    }
}
