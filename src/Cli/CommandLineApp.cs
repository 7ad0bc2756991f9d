using System.CommandLine;

namespace ZkmlGpu.Cli;

public static class CommandLineApp
{
    private static readonly Dictionary<string, string> GroupDescriptions = new()
    {
        ["bench"] = "Measure operations on a device; prints one JSON object per line.",
        ["merkle"] = "Poseidon Merkle trees: roots, inclusion proofs and their verification.",
        ["cluster"] = "Look at an Orleans proving cluster (workers, devices, running chunks).",
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("zkml-gpu: zero-knowledge proofs of ML inference over BN254, on GPUs and CPUs.");
        var groups = new Dictionary<string, Command>();
        var commands = typeof(CommandLineApp).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .Select(c => (c.Parent, Command: c.Build()))
            .OrderBy(c => c.Command.Name, StringComparer.Ordinal);
        foreach (var (parent, command) in commands)
        {
            if (parent is null) { root.Subcommands.Add(command); continue; }
            if (!groups.TryGetValue(parent, out var group))
            {
                group = new Command(parent, GroupDescriptions.GetValueOrDefault(parent, parent));
                groups.Add(parent, group);
                root.Subcommands.Add(group);
            }
            group.Subcommands.Add(command);
        }
        return root;
    }
}
