using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>A three-layer MLP proven in three chunks (keys and proofs made once for the class).</summary>
public sealed class ChunkedBundleFixture : IDisposable
{
    public ChunkedBundleFixture()
    {
        var b = new OnnxModelBuilder().Input("x", 1, 4);
        var rng = new Random(4);
        string prev = "x";
        for (int l = 0; l < 3; l++)
        {
            b.Float($"w{l}", Enumerable.Range(0, 16).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), 4, 4)
             .Float($"b{l}", Enumerable.Range(0, 4).Select(_ => (float)(rng.NextDouble() - 0.5) / 4).ToArray(), 4)
             .Node("Gemm", [prev, $"w{l}", $"b{l}"], [$"g{l}"]).Node("Relu", [$"g{l}"], [$"r{l}"]);
            prev = $"r{l}";
        }
        Model = Quantizer.Quantize(OnnxImporter.Load(b.Output(prev).Build(), "mlp3"), new Settings());
        Inputs = IntegerExecutor.QuantizeInputs(Model, [[0.5f, -0.25f, 1f, 0.75f]]);
        OtherInputs = IntegerExecutor.QuantizeInputs(Model, [[-0.5f, 0.25f, 0.125f, 1.5f]]);
        // A chunk per layer: Gemm, its Rescale and Relu.
        Plan = ChunkPlanner.SplitAt(Model, [Model.Graph.Nodes[3].Name, Model.Graph.Nodes[6].Name], _ => 1);
        Keys = ChunkKeySet.Create(Plan, k => Srs.CreateInsecureDevelopmentSrs(1 << k, 5), Device);
        Proofs = ChunkedProver.ProveAll(Keys, Inputs, ChunkSecrets.Fresh(3));
        OtherProofs = ChunkedProver.ProveAll(Keys, OtherInputs, ChunkSecrets.Fresh(3));
    }

    public CpuDevice Device { get; } = new();
    public QuantizedModel Model { get; }
    public IReadOnlyList<long[]> Inputs { get; }
    public IReadOnlyList<long[]> OtherInputs { get; }
    public ChunkPlan Plan { get; }
    public ChunkKeySet Keys { get; }
    public IReadOnlyList<ChunkProof> Proofs { get; }
    public IReadOnlyList<ChunkProof> OtherProofs { get; }
    public VerifyingKey[] Vks => Plan.Chunks.Select(c => Keys.For(c.Index).Vk).ToArray();

    public void Dispose()
    {
        Keys.Dispose();
        Device.Dispose();
    }
}

public class ChunkedProvingTests(ChunkedBundleFixture f) : IClassFixture<ChunkedBundleFixture>
{
    private static void AssertRejected((bool Verified, string? Reason) result, string mention)
    {
        Assert.False(result.Verified);
        Assert.Contains(mention, result.Reason);
    }

    [Fact]
    public void TheBundleVerifiesAndRevealsTheUnchunkedOutputs()
    {
        Assert.Equal((true, (string?)null), BundleVerifier.Verify(f.Vks, f.Proofs));
        Assert.Equal(3, f.Proofs.Count);
        Assert.Empty(f.Proofs[1].ModelInputs);
        Assert.Empty(f.Proofs[1].ModelOutputs);
        var whole = new ModelCircuit(f.Model, f.Inputs).PublicInputs();
        Assert.Equal(whole[0], f.Proofs[0].ModelInputs);
        Assert.Equal(whole[1], f.Proofs[2].ModelOutputs);
        for (int i = 0; i + 1 < 3; i++) Assert.Equal(f.Proofs[i].Statement.OutputCommitment, f.Proofs[i + 1].Statement.InputCommitment);
    }

    [Fact]
    public void CommitmentsAreTheOutOfCircuitDefinitionAndHideWithFreshSalts()
    {
        var acts = IntegerExecutor.Run(f.Model, f.Inputs);
        var cut = f.Plan.Chunks[0].Outputs;
        var values = cut.SelectMany(e => acts[e].Data).Select(Fr.FromInt64).ToArray();
        var secrets = ChunkSecrets.Fresh(3);
        var circuit = ChunkedProver.Circuit(f.Plan, f.Plan.Chunks[0], acts, secrets);
        Assert.Equal(Merkle.BoundaryCommitment.Compute(values, secrets.Salts[1]), circuit.Statement!.OutputCommitment);
        // Two runs on the same input: equal values, unrelated commitments.
        Assert.NotEqual(f.Proofs[0].Statement.OutputCommitment, ChunkedProver.Circuit(f.Plan, f.Plan.Chunks[0], acts, ChunkSecrets.Fresh(3)).Statement!.OutputCommitment);
        MockProver.Check(circuit).AssertSatisfied();
    }

    [Fact]
    public void SwappedDroppedAndRepeatedChunksAreRejected()
    {
        var p = f.Proofs;
        AssertRejected(BundleVerifier.Verify(f.Vks, [p[1], p[0], p[2]]), "entry 0 is chunk 1");
        AssertRejected(BundleVerifier.Verify(f.Vks, [p[0], p[2]]), "2 chunk proofs");
        AssertRejected(BundleVerifier.Verify(f.Vks, [p[0], p[1], p[1]]), "entry 2 is chunk 1");
        // Renumbered to look in place: the statement's position no longer matches the proof.
        var moved = p[1] with { Index = 2, Statement = p[1].Statement with { Index = 2 } };
        AssertRejected(BundleVerifier.Verify(f.Vks, [p[0], p[1] with { Index = 1 }, moved]), "chunk 2");
    }

    [Fact]
    public void AChunkReplayedFromAnotherInputsBundleBreaksTheChain()
    {
        AssertRejected(BundleVerifier.Verify(f.Vks, [f.Proofs[0], f.OtherProofs[1], f.Proofs[2]]), "chunk 1: its input commitment differs");
        // Even with the manifest's commitments made to agree, the replayed proof is for other commitments.
        var forged = f.OtherProofs[1] with { Statement = f.OtherProofs[1].Statement with { InputCommitment = f.Proofs[0].Statement.OutputCommitment, OutputCommitment = f.Proofs[2].Statement.InputCommitment } };
        AssertRejected(BundleVerifier.Verify(f.Vks, [f.Proofs[0], forged, f.Proofs[2]]), "chunk 1: the proof does not verify");
    }

    [Fact]
    public void AnAlteredCommitmentOrOutputIsRejectedNamingTheChunk()
    {
        var p = f.Proofs.ToArray();
        var shifted = p.Select(x => x).ToArray();
        shifted[1] = p[1] with { Statement = p[1].Statement with { OutputCommitment = p[1].Statement.OutputCommitment + Fr.One } };
        shifted[2] = p[2] with { Statement = p[2].Statement with { InputCommitment = p[2].Statement.InputCommitment + Fr.One } };
        AssertRejected(BundleVerifier.Verify(f.Vks, shifted), "does not verify");
        var outputs = (Fr[])p[2].ModelOutputs.Clone();
        outputs[0] += Fr.One;
        AssertRejected(BundleVerifier.Verify(f.Vks, [p[0], p[1], p[2] with { ModelOutputs = outputs }]), "chunk 2: the proof does not verify");
    }

    [Fact]
    public void EveryFlippedProofByteIsRejected()
    {
        var rng = new Random(8);
        for (int trial = 0; trial < 6; trial++)
        {
            int c = trial % 3;
            byte[] bytes = (byte[])f.Proofs[c].Proof.Clone();
            bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
            var p = f.Proofs.ToArray();
            p[c] = p[c] with { Proof = bytes };
            AssertRejected(BundleVerifier.Verify(f.Vks, p), $"chunk {c}");
        }
    }

    [Fact]
    public void KeysOfAnotherPlanOrModelDoNotVerifyTheBundle()
    {
        var vks = f.Vks;
        AssertRejected(BundleVerifier.Verify([vks[1], vks[0], vks[2]], f.Proofs), "chunk");
        // The same chunking of a model with one weight changed: other keys, so no chunk-0 proof passes under them.
        var g = f.Model.Graph;
        string w = g.Nodes.First(n => n.Op == OpKind.Gemm).Inputs[1];
        var constants = g.FixedConstants.ToDictionary(c => c.Key, c => c.Key == w ? new Tensor<long>(c.Value.Shape, c.Value.Data.Select((v, i) => i == 0 ? v + 1 : v).ToArray()) : c.Value);
        var other = new QuantizedModel(new ModelGraph(g.Name, g.Inputs, g.Outputs, g.Nodes, g.Values, g.Constants, constants), f.Model.Settings);
        var plan = new ChunkPlan(other, f.Plan.Cuts, _ => 1);
        using var keys = ChunkKeySet.Create(plan, k => Srs.CreateInsecureDevelopmentSrs(1 << k, 5), f.Device);
        Assert.NotEqual(f.Keys.DigestHex, keys.DigestHex);
        AssertRejected(BundleVerifier.Verify([keys.For(0).Vk, vks[1], vks[2]], f.Proofs), "chunk 0");
    }

    [Fact]
    public void EqualShapeChunksShareOneKeyAndCannotSwapPositions()
    {
        var b = new OnnxModelBuilder().Input("x", 1, 6);
        string prev = "x";
        for (int i = 0; i < 4; i++) { b.Node("Relu", [prev], [$"a{i}"]).Node("Neg", [$"a{i}"], [$"n{i}"]); prev = $"n{i}"; }
        var model = Quantizer.Quantize(OnnxImporter.Load(b.Output(prev).Build(), "relu-neg"), new Settings());
        var plan = ChunkPlanner.Even(model, 4, _ => 1);
        using var device = new CpuDevice();
        using var keys = ChunkKeySet.Create(plan, k => Srs.CreateInsecureDevelopmentSrs(1 << k, 5), device);
        Assert.Equal(3, keys.DistinctKeys); // the first chunk holds the public inputs and the last the outputs; the middle two are equal
        Assert.True(keys.IsShared(2));
        var inputs = IntegerExecutor.QuantizeInputs(model, [[1f, -1f, 2f, -2f, 0.5f, 0f]]);
        var proofs = ChunkedProver.ProveAll(keys, inputs, ChunkSecrets.Fresh(4));
        var vks = plan.Chunks.Select(c => keys.For(c.Index).Vk).ToArray();
        Assert.True(BundleVerifier.Verify(vks, proofs).Verified);
        // Chunks 1 and 2 share a key; relabelled to each other's places they fail on the position bound into each proof.
        var swapped = new[] { proofs[0], proofs[2] with { Index = 1, Statement = proofs[2].Statement with { Index = 1 } }, proofs[1] with { Index = 2, Statement = proofs[1].Statement with { Index = 2 } }, proofs[3] };
        Assert.False(BundleVerifier.Verify(vks, swapped).Verified);
    }
}
