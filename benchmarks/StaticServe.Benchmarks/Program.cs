using BenchmarkDotNet.Running;

// Runs the benchmark classes picked with --filter, e.g. `--filter *BufferPool*`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
