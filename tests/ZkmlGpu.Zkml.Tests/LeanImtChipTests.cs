using System.Numerics;
using System.Text.Json;
using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Merkle;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>The in-circuit LeanIMT root equals src/Merkle's for every shape of tree (odd nodes promoted unhashed).</summary>
public class LeanImtChipTests(ITestOutputHelper output)
{
    private static GadgetCircuit RootOf(int lanes, Fr[] leaves, Action<CircuitBuilder>? tamper = null) => new(lanes, (c, b) =>
    {
        var cells = c.Inputs(b, leaves);
        var region = b.Region("tree", Math.Max(1, c.Tree.Rows(leaves.Length)));
        return [c.Tree.Root(region, 0, cells)];
    }) { Tamper = tamper };

    private static Fr[] Leaves(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i => i % 5 == 4 ? Fr.FromInt64(-i) : Fr.Random(rng)).ToArray();
    }

    [Theory]
    [InlineData(1, 1)] [InlineData(2, 1)] [InlineData(3, 1)] [InlineData(5, 1)] [InlineData(8, 1)] [InlineData(13, 1)] [InlineData(100, 1)]
    [InlineData(1, 2)] [InlineData(3, 2)] [InlineData(13, 2)] [InlineData(100, 3)]
    public void RootEqualsMerkleTreeRoot(int n, int lanes)
    {
        var leaves = Leaves(n, n);
        var circuit = RootOf(lanes, leaves);
        MockProver.Check(circuit).AssertSatisfied();
        Assert.Equal(MerkleTree.ComputeRoot(leaves), circuit.PublicInputs()[0][0]);
        int rows = circuit.Tree.Rows(n);
        int blocks = Enumerable.Range(0, 20).Sum(l => (int)Math.Ceiling((n + (1 << l) - 1 >> l) / 2 / (double)lanes));
        Assert.Equal(blocks == 0 ? 0 : 14 * blocks + 1, rows);
        output.WriteLine($"n = {n}, lanes {lanes}: {rows} rows, {(double)rows / n:F1} rows and {(double)rows * circuit.Poseidon.AdviceColumns / n:F0} cells per value");
    }

    [Fact]
    public void RootsMatchZkKitReferenceTrees()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "lean-imt-reference.json")));
        int count = 0;
        foreach (var tree in doc.RootElement.GetProperty("trees").EnumerateArray())
        {
            var leaves = tree.GetProperty("leaves").EnumerateArray().Select(e => Fr.FromBigInteger(BigInteger.Parse(e.GetString()!))).ToArray();
            if (leaves.Length > 33) continue; // 100 leaves is covered above against MerkleTree
            var root = Fr.FromBigInteger(BigInteger.Parse(tree.GetProperty("root").GetString()!));
            var circuit = RootOf(2, leaves);
            MockProver.Check(circuit).AssertSatisfied();
            Assert.Equal(root, circuit.PublicInputs()[0][0]);
            count++;
        }
        Assert.True(count >= 10);
    }

    [Fact]
    public void ALeafChangedAfterItsCopyIsRejected()
    {
        var leaves = Leaves(5, 7);
        // Leaf 4 is promoted twice, then copied into the last hash's right input (block 3, row 0 of the tree).
        var probe = RootOf(1, leaves);
        int lastBlock = probe.Tree.Rows(5) - 1 - probe.Poseidon.BlockRows;
        var mock = MockProver.Check(RootOf(1, leaves, GadgetCircuit.Bump("tree", probe.Poseidon.Lanes[0].State[2], lastBlock)));
        Assert.False(mock.IsSatisfied);
        Assert.Contains(mock.Failures, f => f.Kind == FailureKind.Copy);
        // And a root that is not the hash: the output row's state is fixed by the last full round.
        var wrongRoot = MockProver.Check(RootOf(1, leaves, GadgetCircuit.Bump("tree", probe.Poseidon.Lanes[0].State[0], probe.Tree.Rows(5) - 1)));
        Assert.Contains(wrongRoot.Failures, f => f.Kind == FailureKind.Gate && f.Name == "poseidon.last");
    }
}
