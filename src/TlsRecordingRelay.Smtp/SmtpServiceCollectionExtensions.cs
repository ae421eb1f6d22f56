using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Smtp.Acceptance;
using TlsRecordingRelay.Smtp.Auth;
using TlsRecordingRelay.Smtp.Certificates;
using TlsRecordingRelay.Smtp.Listener;
using TlsRecordingRelay.Smtp.Metrics;
using TlsRecordingRelay.Smtp.Policy;
using TlsRecordingRelay.Smtp.Protocol;
using TlsRecordingRelay.Smtp.Session;

namespace TlsRecordingRelay.Smtp;

/// <summary>Registers the inbound SMTP listener and its hooks. Needs an <see cref="IMessageRepository"/>.</summary>
public static class SmtpServiceCollectionExtensions
{
    public static IServiceCollection AddSmtp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName);
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddOptionsWithValidateOnStart<RelayOptions>().BindConfiguration(RelayOptions.SectionName)
            .PostConfigure(o =>
            {
                if (!configuration.GetSection(RelayOptions.SectionName + ":AllowedNetworks").Exists())
                {
                    o.AllowedNetworks.AddRange(RelayOptions.DefaultAllowedNetworks);
                }
            });
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => AnalysisSettings.Analyzer(configuration));
        services.AddSingleton(sp => new SessionRegistry(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.MaxSessions));
        services.AddMetrics();
        services.AddSingleton<SmtpMetrics>();
        services.AddSingleton<TlsAwareListenerFactory>();
        services.AddSingleton(sp => new RelayRules(sp.GetRequiredService<IOptions<RelayOptions>>().Value));
        services.AddSingleton<ILookupClient>(_ => new LookupClient(new LookupClientOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 1 }));
        services.AddSingleton<ReverseDnsResolver>();
        services.AddSingleton<ConfiguredUserAuthenticator>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RelayMailboxFilter>(sp, sp.GetRequiredService<IOptions<SmtpOptions>>().Value));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AcceptanceMessageStore>(sp, sp.GetRequiredService<IOptions<SmtpOptions>>().Value));

        services.AddHostedService(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SmtpOptions>>().Value;
            var dataDirectory = configuration["Storage:DataDirectory"] is { Length: > 0 } dir ? dir : "./var";
            var certificate = ServerCertificate.Load(options, dataDirectory, sp.GetRequiredService<ILogger<SmtpRelayService>>());

            // The library's own container, filled by hand: it pre-registers an accept-all authenticator,
            // which ours replaces; everything else is ours too.
            var smtp = new SmtpServer.ComponentModel.ServiceProvider();
            smtp.Add((IEndpointListenerFactory)sp.GetRequiredService<TlsAwareListenerFactory>());
            smtp.Add((IUserAuthenticator)sp.GetRequiredService<ConfiguredUserAuthenticator>());
            smtp.Add((IMailboxFilter)sp.GetRequiredService<RelayMailboxFilter>());
            smtp.Add((IMessageStore)sp.GetRequiredService<AcceptanceMessageStore>());
            smtp.Add((ISmtpCommandFactory)new RelayCommandFactory(options.AllowProxyProtocol));

            return new SmtpRelayService(
                options,
                certificate,
                smtp,
                sp.GetRequiredService<TlsAwareListenerFactory>(),
                sp.GetRequiredService<SessionRegistry>(),
                sp.GetRequiredService<ReverseDnsResolver>(),
                sp.GetRequiredService<ILogger<SmtpRelayService>>());
        });
        return services;
    }
}
