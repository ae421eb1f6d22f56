using TlsRecordingRelay.Smtp.Auth;

namespace TlsRecordingRelay.Cli;

/// <summary><c>tlsrelay hash-password [PASSWORD]</c>: the value to put under <c>Smtp:Users:NAME</c>.</summary>
internal static class HashPasswordVerb
{
    public static int Run(string? password, TextReader stdin, TextWriter stdout)
    {
        password ??= stdin.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("hash-password: no password given");
            return 2;
        }

        stdout.WriteLine(PasswordHash.Create(password));
        return 0;
    }
}
