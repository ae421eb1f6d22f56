global using TlsRecordingRelay.TestSupport;
global using TlsRecordingRelay.TestSupport.Load;
global using TlsRecordingRelay.TestSupport.Smtp;
global using Xunit.Abstractions;
