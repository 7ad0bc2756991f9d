using System.CommandLine;
using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu poseidon A B …`: circomlib's Poseidon of 1..16 decimal inputs.</summary>
public sealed class PoseidonCommand : ICliCommand
{
    public Command Build()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "1 to 16 integers in decimal (|x| < r; negatives map to x mod r, write `--` before a leading negative).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("poseidon", "Print circomlib's Poseidon hash (BN254) of 1 to 16 decimal inputs, in decimal.") { inputs };
        command.SetAction(result => MerkleCli.Run(result, (output, error) =>
        {
            var args = result.GetValue(inputs) ?? [];
            if (args.Length < Poseidon.MinInputs || args.Length > Poseidon.MaxInputs)
                throw new UsageException($"poseidon takes {Poseidon.MinInputs} to {Poseidon.MaxInputs} inputs, got {args.Length}.");
            // Same rules as a values file: reuse its parser on a JSON array of strings.
            Fr[] values = MerkleJson.ParseValues(JsonSerializer.Serialize(args), "Input");
            output.WriteLine(Poseidon.Hash(values).ToString());
            return 0;
        }));
        return command;
    }
}
