using System.CommandLine;

namespace ZkmlGpu.Cli;

/// <summary>
/// One `zkml-gpu` command, in a file of its own under Commands/. Commands are discovered, so adding one
/// touches no shared file. <see cref="Parent"/> names a group ("bench", "merkle") for subcommands.
/// </summary>
public interface ICliCommand
{
    /// <summary>The group this command belongs to, or null for a top-level command.</summary>
    string? Parent => null;

    Command Build();
}
