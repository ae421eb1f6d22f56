// Each test drives thousands of messages through a real relay process on a 2-core machine: run them one at a
// time, so one test's load never starves another's deadlines (and xunit's Timeout is honoured only serially).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
