using System.CommandLine;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu merkle proof --values FILE --index I`: the inclusion proof of one value, as JSON.</summary>
public sealed class MerkleProofCommand : ICliCommand
{
    public string? Parent => "merkle";

    public Command Build()
    {
        var values = MerkleCli.ValuesOption();
        var index = new Option<long>("--index") { Description = "The 0-based position of the value to prove.", Required = true };
        var command = new Command("proof",
            "Print the inclusion proof of values[index] as JSON: {\"root\",\"leaves\",\"index\",\"leaf\",\"siblings\",\"commitment\"}.")
        {
            values,
            index,
        };
        command.SetAction(result => MerkleCli.Run(result, (output, error) =>
        {
            var leaves = MerkleCli.ReadValues(result.GetValue(values)!);
            long i = result.GetValue(index);
            if (leaves.Length == 0) throw new UsageException("The values file is empty: a tree of 0 leaves has no inclusion proofs.");
            if (i < 0 || i >= leaves.Length) throw new UsageException($"--index {i} is out of range: the file has {leaves.Length} values (valid indices 0 to {leaves.Length - 1}).");
            var proof = MerkleTree.Build(leaves).GenerateProof((int)i);
            output.WriteLine(MerkleJson.ProofToJson(proof));
            return 0;
        }));
        return command;
    }
}
