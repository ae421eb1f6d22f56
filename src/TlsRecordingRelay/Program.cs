using TlsRecordingRelay.Cli;

return await CommandLine.InvokeAsync(args);
