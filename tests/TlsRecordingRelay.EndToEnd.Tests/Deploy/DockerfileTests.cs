using System.Text.Json;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Deploy;

[Collection(RelayCollection.Name)]
public sealed class DockerfileTests(PostgresFixture postgres)
{
    private static readonly Dockerfile Image = Dockerfile.Shipped;

    [Fact]
    public void The_image_is_built_in_an_sdk_stage_and_runs_on_the_aspnet_runtime()
    {
        var stages = Image.All("FROM").ToList();

        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"], stages);
        Assert.Contains(Image.All("RUN"), run => run.StartsWith("dotnet publish src/TlsRecordingRelay/", StringComparison.Ordinal));
        Assert.Contains(Image.All("COPY"), copy => copy.StartsWith("--from=build /app", StringComparison.Ordinal));
        Assert.Equal("[\"/app/tlsrelay\"]", Image.All("ENTRYPOINT").Single());
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_on_unprivileged_ports()
    {
        var user = Image.All("USER").Last();

        Assert.DoesNotContain(user, new[] { "root", "0", "0:0", "root:root" });
        Assert.All(new[] { "Smtp__Port", "Smtp__ImplicitTlsPort", "Http__Urls" }, v => Assert.InRange(Image.Port(v), 1024, 65535));
        Assert.Equal("0.0.0.0", Image.Environment["Smtp__Address"]);
        Assert.Equal("/var/lib/tlsrelay", Image.Environment["Storage__DataDirectory"]);
        Assert.Contains("/var/lib/tlsrelay", Image.All("VOLUME"));
        var exposed = Image.All("EXPOSE").Single().Split(' ').Select(int.Parse).ToHashSet();
        Assert.Equal(new[] { Image.Port("Smtp__Port"), Image.Port("Smtp__ImplicitTlsPort"), Image.Port("Http__Urls") }.ToHashSet(), exposed);
    }

    [Fact]
    public async Task The_health_check_command_passes_against_a_running_relay_and_fails_without_one()
    {
        var command = HealthCheckScript();
        Assert.Contains("/healthz", command, StringComparison.Ordinal);
        var bash = Tools.Find("bash");
        Assert.NotNull(bash);
        var relay = await TestRelay.StartAsync(postgres);
        var script = command.Replace($"/{Image.Port("Http__Urls")}", $"/{relay.Http.Port}", StringComparison.Ordinal);
        (int Exit, string Output) healthy;
        try
        {
            healthy = await Tools.RunAsync(bash, ["-c", script]);
        }
        finally
        {
            await relay.DisposeAsync();
        }

        var (stopped, _) = await Tools.RunAsync(bash, ["-c", script]);

        Assert.True(healthy.Exit == 0, healthy.Output);
        Assert.NotEqual(0, stopped);
    }

    /// <summary>The shell text of <c>HEALTHCHECK … CMD ["bash", "-c", SCRIPT]</c>.</summary>
    private static string HealthCheckScript()
    {
        var healthCheck = Image.All("HEALTHCHECK").Single();
        var exec = healthCheck[healthCheck.IndexOf("CMD [", StringComparison.Ordinal)..]["CMD ".Length..];
        var argv = JsonSerializer.Deserialize<string[]>(exec)!;
        Assert.Equal(["bash", "-c"], argv[..2]);
        return argv[2];
    }
}
