using System.CommandLine;
using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu merkle verify --proof FILE [--root R] [--commitment C]`: checks an inclusion proof.</summary>
public sealed class MerkleVerifyCommand : ICliCommand
{
    public string? Parent => "merkle";

    public Command Build()
    {
        var proofFile = new Option<FileInfo>("--proof") { Description = "A proof written by `zkml-gpu merkle proof`.", Required = true };
        var root = new Option<string?>("--root") { Description = "Also require this root (decimal)." };
        var commitment = new Option<string?>("--commitment") { Description = "Also require this commitment Poseidon(root, leaves) (decimal)." };
        var command = new Command("verify",
            "Check an inclusion proof. Exit code 0: valid; 1: the proof does not verify; 2: unreadable or malformed input.")
        {
            proofFile,
            root,
            commitment,
        };
        command.SetAction(result => MerkleCli.Run(result, (output, error) =>
        {
            var proof = MerkleJson.ProofFromJson(MerkleCli.ReadText(result.GetValue(proofFile)!));
            Fr? expectedRoot = ParseOptional(result.GetValue(root), "--root");
            Fr? expectedCommitment = ParseOptional(result.GetValue(commitment), "--commitment");
            if (!proof.Verify())
            {
                error.WriteLine($"invalid: leaf {proof.Index} with these siblings does not hash to the proof's root.");
                return 1;
            }
            if (expectedRoot is { } r && r != proof.Root)
            {
                error.WriteLine("invalid: the proof is for another root than --root.");
                return 1;
            }
            if (expectedCommitment is { } c && c != proof.Commitment)
            {
                error.WriteLine("invalid: Poseidon(root, leaves) of the proof differs from --commitment.");
                return 1;
            }
            output.WriteLine($"{{\"valid\":true,\"root\":\"{proof.Root}\",\"leaves\":{proof.LeafCount},\"index\":{proof.Index},\"leaf\":\"{proof.Leaf}\"}}");
            return 0;
        }));
        return command;
    }

    private static Fr? ParseOptional(string? text, string name)
    {
        if (text is null) return null;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit) || BigInteger.Parse(text) >= Fr.Modulus)
            throw new UsageException($"{name} must be a decimal field element (0 ≤ x < r).");
        return Fr.FromBigInteger(BigInteger.Parse(text));
    }
}
