using System.CommandLine;
using ZkmlGpu.Cli;

return CommandLineApp.Build().Parse(args).Invoke();
