using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Authentication;

namespace TlsRecordingRelay.Smtp.Auth;

/// <summary>
/// AUTH PLAIN/LOGIN against the hashed users of <c>Smtp:Users</c>. Registered explicitly because the
/// library's default authenticator accepts every password.
/// </summary>
public sealed class ConfiguredUserAuthenticator(IOptionsMonitor<SmtpOptions> options, ILogger<ConfiguredUserAuthenticator> logger) : IUserAuthenticator
{
    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ok = user is not null && password is not null
            && options.CurrentValue.Users.TryGetValue(user, out var stored)
            && PasswordHash.Verify(password, stored);
        if (!ok)
        {
            // Never log the password; the user name helps the operator spot guessing.
            Log.AuthenticationFailed(logger, context.SessionId, user ?? string.Empty);
        }

        return Task.FromResult(ok);
    }
}
