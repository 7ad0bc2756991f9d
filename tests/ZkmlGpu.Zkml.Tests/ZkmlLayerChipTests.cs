using System.Diagnostics;
using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>zkml's msgpack layers in the circuit (<see cref="ZkmlLayerChip"/>): zkml's MNIST and small in-memory zkml models.</summary>
public class ZkmlLayerChipTests(ITestOutputHelper output)
{
    private static readonly ZkmlMsgpackModel Mnist = ZkmlMsgpackReader.ReadModel(Path.Combine(ZkmlMsgpackReaderTests.Dir, "model.msgpack"));
    private static readonly long[] MnistInput = ZkmlMsgpackReader.ReadInputs(Path.Combine(ZkmlMsgpackReaderTests.Dir, "inp.msgpack"))[0].Data;

    /// <summary>MNIST's first <paramref name="layers"/> layers as a model of their own (its last layer's output is the model output).</summary>
    private static ZkmlMsgpackModel MnistPrefix(int layers) =>
        Mnist with { Layers = Mnist.Layers.Take(layers).ToList(), OutputIndices = [Mnist.Layers[layers - 1].OutputIndices[0]] };

    private static void AssertHonest(QuantizedModel model, IReadOnlyList<long[]> inputs, ITestOutputHelper output, string name)
    {
        var circuit = new ModelCircuit(model, inputs);
        var sw = Stopwatch.StartNew();
        var mock = MockProver.Check(circuit);
        mock.AssertSatisfied();
        var b = CircuitBuilder.Synthesize(circuit, 0, []);
        Assert.Equal(IntegerExecutor.Run(model, inputs).Outputs.SelectMany(t => t.Data).Select(Fr.FromInt64), b.PublicInputs[1]);
        output.WriteLine($"{name}: layer rows {b.Regions.Sum(r => r.Rows)}, rows with table {b.RowsUsed}, k {mock.K}, mock {sw.Elapsed.TotalSeconds:F1}s");
        foreach (var node in model.Graph.Nodes)
            output.WriteLine($"  {node.Name} {node.Op} {(node.Attributes as ZkmlLayerAttributes)?.LayerType} [{string.Join(",", (node.Attributes as ZkmlLayerAttributes)?.Params ?? [])}] {model.Graph[node.Inputs[0]].Shape} → {model.Graph[node.Outputs[0]].Shape}: {circuit.RowsOf(node)} rows ({(double)circuit.RowsOf(node) / model.Graph[node.Outputs[0]].Shape.Size:F2}/element)");
    }

    [Fact]
    public void MnistSatisfiesTheMockAndOutputsMatchTheExecutor()
    {
        var model = ZkmlMsgpackImporter.ImportQuantized(Mnist, "mnist");
        AssertHonest(model, [MnistInput], output, "zkml mnist");
    }

    private const long Sf = 512;

    private static long[] Values(int n, int seed, long range)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextInt64(-range, range + 1)).ToArray();
    }

    private static ZkmlMsgpackLayer Layer(string type, long[] prm, long[] ins, int[][] inShapes, long output, int[] outShape) =>
        new(type, prm, ins, inShapes, [output], [outShape], []);

    /// <summary>
    /// Every zkml layer the chip lays out, small: Conv2D (same padding, relu6), depthwise Conv2D (valid, relu),
    /// MaxPool2D, AveragePool2D, Mul of two activations and by a constant, Add with relu, Sub, Reshape, FullyConnected (relu).
    /// </summary>
    private static (QuantizedModel Model, long[] Input) AllLayers(int k = 17)
    {
        int[] x0 = [1, 5, 5, 2], c1 = [1, 5, 5, 3], c2 = [1, 4, 4, 3], p = [1, 2, 2, 3], flat = [1, 12], fc = [1, 4];
        var tensors = new List<ZkmlMsgpackTensor>
        {
            new(1, [3, 3, 3, 2], Values(54, 1, Sf / 2)), new(2, [3], Values(3, 2, Sf)),
            new(4, [1, 2, 2, 3], Values(12, 3, Sf / 2)), new(5, [3], Values(3, 4, Sf)),
            new(10, [3], [Sf / 3, -Sf, 0]),
            new(15, [4, 12], Values(48, 5, Sf / 2)), new(16, [4], Values(4, 6, Sf)),
        };
        var layers = new List<ZkmlMsgpackLayer>
        {
            Layer("Conv2D", [0, 0, 3, 1, 1], [0, 1, 2], [x0, [3, 3, 3, 2], [3]], 3, c1),
            Layer("Conv2D", [1, 1, 1, 1, 1], [3, 4, 5], [c1, [1, 2, 2, 3], [3]], 6, c2),
            Layer("MaxPool2D", [2, 2, 2, 2], [6], [c2], 7, p),
            Layer("AveragePool2D", [2, 2, 2, 2], [6], [c2], 8, p),
            Layer("Mul", [], [7, 8], [p, p], 9, p),
            Layer("Mul", [], [9, 10], [p, [3]], 11, p),
            Layer("Add", [1], [11, 7], [p, p], 12, p),
            Layer("Sub", [1], [12, 8], [p, p], 13, p),
            Layer("Reshape", [], [13], [p], 14, flat),
            Layer("FullyConnected", [1], [14, 15, 16], [flat, [4, 12], [4]], 17, fc),
        };
        var model = new ZkmlMsgpackModel(Sf, k, 10, [0], [17], layers, tensors);
        return (ZkmlMsgpackImporter.ImportQuantized(model, "zkml-all"), Values(50, 7, 2 * Sf));
    }

    [Fact]
    public void EveryLayerTypeSatisfiesTheMockAndMatchesTheExecutor()
    {
        var (model, input) = AllLayers();
        Assert.Equal(10, model.Graph.Nodes.Count(n => n.Op == OpKind.ZkmlLayer));
        AssertHonest(model, [input], output, "zkml layers");
    }

    private static ModelCircuit Tampered(QuantizedModel model, long[] input, string node, Func<LayerColumns, RegionInfo, Cell> where, Func<Fr, Fr>? change = null)
    {
        var cols = new ModelCircuit(model, [input]).Columns;
        return new ModelCircuit(model, [input])
        {
            AfterNode = (b, n, region) =>
            {
                if (n.Name != node) return;
                var cell = where(cols, region);
                b.Assign(cell.Column, cell.Row, (change ?? (v => v + Fr.One))(b.ValueOf(cell)));
            },
        };
    }

    private static void AssertRejectedAt(ModelCircuit circuit, string node)
    {
        var mock = MockProver.Check(circuit);
        Assert.False(mock.IsSatisfied);
        Assert.Contains(mock.Failures, f => f.Region is { } r && r.StartsWith($"{node} (ZkmlLayer)@") && f.Kind != FailureKind.Copy);
    }

    /// <summary>
    /// First Conv2D output (a corner of the same padding: 2·2·2 = 8 taps): dot rows 0–1, dividend window 2, division
    /// 3–4 (quotient c1@3, remainder c0@4), table window 5, relu6 6. First Mul of activations: product 0, window 1, division 2–3.
    /// </summary>
    [Fact]
    public void TamperedWitnessesAreRejectedNamingTheNode()
    {
        var (model, input) = AllLayers();
        const string conv = "0:Conv2D", mul = "4:Mul";
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.C[1].At(r.Start + 3)), conv);                    // the rescaled output
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.C[1].At(r.Start + 3), v => v - Fr.One), conv);   // the other rounding
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.C[0].At(r.Start + 4)), conv);                    // the remainder
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.F[0].At(r.Start)), conv);                       // a weight
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.F[4].At(r.Start)), conv);                       // the folded bias
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.C[0].At(r.Start + 5)), conv);                   // the table window
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.C[2].At(r.Start + 5), v => Fr.One - v), conv);  // a window sign
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.Acc.At(r.Start + 6)), conv);                   // relu6
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.C[3].At(r.Start + 6), v => Fr.One - v), conv);  // relu6: the other [y < 6·sf]
        AssertRejectedAt(Tampered(model, input, conv, (c, r) => c.C[2].At(r.Start + 6), v => Fr.One - v), conv);  // relu6: the other [y < 0]
        AssertRejectedAt(Tampered(model, input, mul, (c, r) => c.Acc.At(r.Start)), mul);                          // the product
        AssertRejectedAt(Tampered(model, input, "9:FullyConnected", (c, r) => c.F[1].At(r.Start)), "9:FullyConnected");
    }

    /// <summary>MNIST's layers 11–15 (three Conv2D, a Mul and an Add: 1,564 rows, k 13 with the 4096-row table) on the activation the full model feeds them.</summary>
    private static (QuantizedModel Model, long[] Input) MnistTail()
    {
        const int first = 11;
        long inputIdx = Mnist.Layers[first].InputIndices[0];
        var full = ZkmlMsgpackImporter.ImportQuantized(Mnist, "mnist");
        long[] input = IntegerExecutor.Run(full, [MnistInput])[ZkmlMsgpackImporter.EdgeName(inputIdx)].Data;
        var tail = Mnist with { Layers = Mnist.Layers.Skip(first).ToList(), InputIndices = [inputIdx] };
        return (ZkmlMsgpackImporter.ImportQuantized(tail, "mnist-tail"), input);
    }

    [Fact]
    public void MnistTailProvesAndVerifiesAndAForcedTamperedProofFails()
    {
        var (model, input) = MnistTail();
        var circuit = new ModelCircuit(model, [input]);
        var shape = CircuitShape.Of(new ModelCircuit(model));
        var srs = Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7);
        using var device = new CpuDevice();
        var sw = Stopwatch.StartNew();
        using var pk = Keygen.Create(srs, device, shape);
        double keygen = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var proof = PlonkProver.Prove(pk, circuit);
        double prove = sw.Elapsed.TotalSeconds;
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, circuit.PublicInputs()));
        output.WriteLine($"mnist tail: k {shape.MinimumK}, keygen {keygen:F1}s, prove {prove:F1}s");

        var bad = Tampered(model, input, "0:Conv2D", (c, r) => c.C[0].At(r.Start + DotProductChip.RowsFor(16) + 2)); // the first remainder (a 1×1 conv on 16 channels)
        AssertRejectedAt(bad, "0:Conv2D");
        var forced = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, forced, circuit.PublicInputs()));
    }

    /// <summary>
    /// With k = 10 zkml's table window is [−512, 502] and the executor refuses this model's first Conv2D. A prover
    /// who proves the k = 17 values under the k = 10 key, with every table-window row recomputed for the k = 10 bounds
    /// (so only the window's "sign 0" constraints can object), produces a proof that does not verify, and the mock
    /// names the window gate.
    /// </summary>
    [Fact]
    public void ValuesOutsideZkmlsTableWindowHaveNoProof()
    {
        var (small, _) = AllLayers(10);
        var (model, input) = AllLayers(17);
        Assert.Throws<ModelExecutionException>(() => new ModelCircuit(small, [input]));
        var (lo17, hi17) = (new ZkmlFixedPoint(Sf, 17).LookupMin, new ZkmlFixedPoint(Sf, 17).LookupMax);
        var (lo10, hi10) = (new ZkmlFixedPoint(Sf, 10).LookupMin, new ZkmlFixedPoint(Sf, 10).LookupMax);
        var cols = new ModelCircuit(model, [input]).Columns;
        int outside = 0;
        var bad = new ModelCircuit(model, [input])
        {
            AfterNode = (b, node, region) =>
            {
                for (int row = region.Start; row < region.Start + region.Rows; row++)
                {
                    if (b.ValueOf(cols.F[0].At(row)) != Fr.FromInt64(lo17) || b.ValueOf(cols.F[1].At(row)) != Fr.FromInt64(hi17)) continue;
                    long x = Signed(b.ValueOf(cols.Acc.At(row)));
                    long below = x - lo10, above = hi10 - x;
                    if (below < 0 || above < 0) outside++;
                    b.Assign(cols.F[0], row, Fr.FromInt64(lo10)); // the k = 10 key's bounds
                    b.Assign(cols.F[1], row, Fr.FromInt64(hi10));
                    Decomposed(b, cols, 0, row, below);
                    Decomposed(b, cols, 1, row, above);
                }
            },
        };
        var mock = MockProver.Check(bad);
        Assert.Contains(mock.Failures, f => f.Name.StartsWith("zkml.window") && f.Region!.StartsWith("0:Conv2D (ZkmlLayer)@"));
        Assert.All(mock.Failures, f => Assert.True(f.Name == "zkml.window" && (f.Message.Contains("m·x ≥ lo") || f.Message.Contains("m·x ≤ hi")), f.Message));
        using var device = new CpuDevice();
        var shape = CircuitShape.Of(new ModelCircuit(small));
        using var pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7), device, shape);
        var forced = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.True(outside > 0);
        Assert.False(PlonkVerifier.Verify(pk.Vk, forced, bad.PublicInputs()));
    }

    private static long Signed(Fr v) => v.ToBigInteger() is var n && n > (System.Numerics.BigInteger.One << 64) ? (long)(n - Fr.Modulus) : (long)n;

    /// <summary>What <see cref="LayerColumns.Decompose"/> writes for v in c[which] (sign and limbs), by a dishonest prover.</summary>
    private static void Decomposed(CircuitBuilder b, LayerColumns cols, int which, int row, long v)
    {
        b.Assign(cols.C[which], row, Fr.FromInt64(v));
        long sign = v < 0 ? 1 : 0, u = v + (sign << LayerColumns.ValueBits);
        b.Assign(cols.C[2 + which], row, Fr.FromInt64(sign));
        var limbs = which == 0 ? cols.Limb0 : cols.Limb1;
        for (int i = 0; i < LayerColumns.Limbs; i++) b.Assign(limbs[i], row, Fr.FromInt64((u >> (LayerColumns.LimbBits * i)) & ((1L << LayerColumns.LimbBits) - 1)));
    }
}
