using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Http;

/// <summary>
/// With <c>Http:ApiToken</c> set, every request but <c>/healthz</c> must carry <c>Authorization: Bearer TOKEN</c>
/// (scripts, Prometheus) or <c>?access_token=TOKEN</c> (a browser opening a report page); otherwise 401.
/// </summary>
public sealed class BearerTokenMiddleware(RequestDelegate next, IOptions<HttpOptions> options)
{
    private readonly byte[]? _token = string.IsNullOrEmpty(options.Value.ApiToken) ? null : Encoding.UTF8.GetBytes(options.Value.ApiToken);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Load balancers probe health without credentials; it reveals only up/down.
        if (_token is null || context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal) || Presented(context))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"tlsrelay\"";
        return context.Response.WriteAsync("401 Unauthorized: a bearer token (Http:ApiToken) is required.\n");
    }

    private bool Presented(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : context.Request.Query["access_token"].ToString();
        // Constant-time comparison: the token must not leak through response timing.
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }
}
