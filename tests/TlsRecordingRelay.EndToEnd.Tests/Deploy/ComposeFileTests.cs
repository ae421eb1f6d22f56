using TlsRecordingRelay.Smtp;
using YamlDotNet.RepresentationModel;

namespace TlsRecordingRelay.EndToEnd.Tests.Deploy;

public sealed class ComposeFileTests
{
    private const string ComposePath = "docker-compose.yml";

    private static readonly YamlMappingNode Compose = Load();

    private static YamlMappingNode Services => Map(Compose, "services");

    private static YamlMappingNode Postgres => Map(Services, "postgres");

    private static YamlMappingNode Relay => Map(Services, "relay");

    [Fact]
    public void Postgres_keeps_its_data_in_a_named_volume_and_reports_readiness()
    {
        Assert.Matches("^postgres:1[5-9]", Scalar(Postgres, "image"));
        var volume = Sequence(Postgres, "volumes").Single().Split(':');
        Assert.Equal("/var/lib/postgresql/data", volume[1]);
        Assert.Contains(volume[0], Map(Compose, "volumes").Children.Keys.Select(k => k.ToString()));
        var test = ((YamlSequenceNode)Map(Postgres, "healthcheck")["test"]).Select(n => n.ToString()).ToList();
        Assert.Equal(["CMD", "pg_isready"], test[..2]);
    }

    [Fact]
    public void The_relay_is_built_from_the_dockerfile_and_waits_for_a_healthy_database()
    {
        var build = Map(Relay, "build");
        Assert.Equal(".", Scalar(build, "context"));
        Assert.Equal(Dockerfile.RepositoryPath, Scalar(build, "dockerfile"));
        Assert.True(File.Exists(RepositoryFiles.PathOf(Dockerfile.RepositoryPath)));
        Assert.Equal("service_healthy", Scalar(Map(Map(Relay, "depends_on"), "postgres"), "condition"));

        var environment = Map(Relay, "environment");
        Assert.Contains("Host=postgres;", Scalar(environment, "ConnectionStrings__Reports"), StringComparison.Ordinal);
        Assert.Contains("Database=" + Scalar(Map(Postgres, "environment"), "POSTGRES_DB") + ";", Scalar(environment, "ConnectionStrings__Reports"), StringComparison.Ordinal);
        // The image binds HTTP beyond loopback, which the relay refuses without a token: compose must demand one.
        Assert.StartsWith("${TLSRELAY_API_TOKEN:?", Scalar(environment, "Http__ApiToken"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_mail_ports_and_http_are_mapped_onto_the_ports_the_image_listens_on()
    {
        var image = Dockerfile.Shipped;
        // host port -> container port; the HTTP mapping may carry a host address in front.
        var ports = Sequence(Relay, "ports")
            .Select(p => p.Split(':'))
            .ToDictionary(p => int.Parse(p[^2], System.Globalization.CultureInfo.InvariantCulture), p => int.Parse(p[^1], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(image.Port("Smtp__Port"), ports[25]);
        Assert.Equal(image.Port("Smtp__Port"), ports[587]);
        Assert.Equal(image.Port("Smtp__ImplicitTlsPort"), ports[465]);
        Assert.Equal(image.Port("Http__Urls"), ports[8025]);
    }

    [Fact]
    public void The_relay_gets_its_configuration_file_and_a_data_volume()
    {
        var volumes = Sequence(Relay, "volumes");
        Assert.Contains(volumes, v => v.EndsWith(":/app/appsettings.json:ro", StringComparison.Ordinal)
            && v.Contains("./config/appsettings.json", StringComparison.Ordinal));
        var data = volumes.Single(v => v.Split(':')[1] == Dockerfile.Shipped.Environment["Storage__DataDirectory"]);
        Assert.Contains(data.Split(':')[0], Map(Compose, "volumes").Children.Keys.Select(k => k.ToString()));
        Assert.True(File.Exists(RepositoryFiles.PathOf("config/appsettings.json")));
    }

    [Fact]
    public void Docker_waits_for_the_drain_before_killing_the_relay()
    {
        var grace = Scalar(Relay, "stop_grace_period");
        Assert.EndsWith("s", grace, StringComparison.Ordinal);
        var seconds = TimeSpan.FromSeconds(int.Parse(grace[..^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(seconds > new SmtpOptions().DrainTimeout + TimeSpan.FromSeconds(10), $"stop_grace_period {grace}");
    }

    [SkippableFact]
    public async Task Docker_compose_config_accepts_the_file()
    {
        var checker = await RequireComposeAsync();

        var (exit, output) = await ComposeConfigAsync(checker, RepositoryFiles.Read(ComposePath));

        Assert.True(exit == 0, output);
    }

    [SkippableFact]
    public async Task Docker_compose_config_rejects_a_misspelt_key_so_the_check_above_has_teeth()
    {
        var checker = await RequireComposeAsync();
        var broken = RepositoryFiles.Read(ComposePath).Replace("stop_grace_period:", "stop_grace_perid:", StringComparison.Ordinal);

        var (exit, output) = await ComposeConfigAsync(checker, broken);

        Assert.NotEqual(0, exit);
        Assert.Contains("stop_grace_perid", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The compose plugin (<c>docker compose</c>) or the standalone <c>docker-compose</c>: <c>config</c> needs no
    /// engine, only the checker. Skipped where neither exists, a failure in CI (install-prerequisites.sh installs one).
    /// </summary>
    private static async Task<string[]> RequireComposeAsync()
    {
        var docker = Tools.Find("docker");
        if (docker is not null && (await Tools.RunAsync(docker, ["compose", "version"])).Exit == 0)
        {
            return [docker, "compose"];
        }

        var standalone = Tools.Find("docker-compose");
        Skip.If(standalone is null && Environment.GetEnvironmentVariable("CI") is null,
            "neither docker compose nor docker-compose is installed (deploy/install-prerequisites.sh)");
        Assert.True(standalone is not null, "a compose checker is required in CI");
        return [standalone];
    }

    /// <summary>Runs <c>config --quiet</c> on the text, with the repository as project directory so relative paths resolve as for the real file.</summary>
    private static async Task<(int Exit, string Output)> ComposeConfigAsync(string[] checker, string text)
    {
        var directory = Directory.CreateTempSubdirectory("tlsrelay-compose-");
        try
        {
            var copy = Path.Combine(directory.FullName, "docker-compose.yml");
            await File.WriteAllTextAsync(copy, text);
            // The two variables compose requires (${…:?}); the values do not matter to the check.
            return await Tools.RunAsync("/usr/bin/env",
            [
                "POSTGRES_PASSWORD=check", "TLSRELAY_API_TOKEN=check",
                .. checker, "--file", copy, "--project-directory", RepositoryFiles.Root, "config", "--quiet",
            ]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read(ComposePath));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Select(n => ((YamlScalarNode)n).Value!).ToList();
}
