using System.Numerics;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// zkml's MNIST model on its own input (inp.msgpack). zkml cannot run here, so the expected values come from
/// two derivations that share no code with the importer: (1) a straightforward transcription of zkml's layer
/// rules in this file (im2col + matmul like zkml's `splat`, BigInteger arithmetic) that must agree with the
/// executor on every intermediate tensor, and (2) the same network in double precision on the dequantized
/// weights, whose class and logits the integer run must reproduce within the rounding error.
/// </summary>
public class ZkmlMnistTests
{
    private static readonly ZkmlMsgpackModel Model = ZkmlMsgpackReader.ReadModel(Path.Combine(ZkmlMsgpackReaderTests.Dir, "model.msgpack"));
    private static readonly ZkmlMsgpackTensor Input = ZkmlMsgpackReader.ReadInputs(Path.Combine(ZkmlMsgpackReaderTests.Dir, "inp.msgpack"))[0];

    /// <summary>
    /// The final Conv2D's outputs (tensor 37). Derived by the reference below and, separately, by a Python
    /// transcription of zkml's layers (tests/data/models/zkml-mnist/zkml_reference.py).
    /// </summary>
    private static readonly long[] ExpectedLogits = [-5312, -8056, -8186, -1669, -4260, 6614, -5131, -6862, -3047, -805];

    internal static Activations RunExecutor() =>
        IntegerExecutor.Run(ZkmlMsgpackImporter.ImportQuantized(Model, "mnist"), [Input.Data]);

    [Fact]
    public void ExecutorMatchesTheReferenceOnEveryIntermediateTensor()
    {
        var ours = RunExecutor();
        var reference = ReferenceInteger();
        Assert.Equal(16, reference.Count);
        foreach (var (idx, (shape, data)) in reference)
        {
            var t = ours[ZkmlMsgpackImporter.EdgeName(idx)];
            Assert.Equal(shape, t.Shape.ToArray());
            Assert.Equal(data.Select(v => (long)v).ToArray(), t.Data);
        }
        Assert.Equal(ExpectedLogits, ours["t37"].Data);
        Assert.Equal(ExpectedLogits, reference[37].Data.Select(v => (long)v).ToArray());
    }

    [Fact]
    public void IntegerRunPredictsTheSameDigitAsTheFloatModel()
    {
        double[] real = ReferenceFloat();
        long[] ints = RunExecutor()["t37"].Data;
        int classFloat = Array.IndexOf(real, real.Max());
        int classInt = Array.IndexOf(ints, ints.Max());
        Assert.Equal(5, classFloat); // inp.msgpack is a handwritten 5 (plot its 28×28 pixels to see it)
        Assert.Equal(classFloat, classInt);
        // Each rescale is off by at most 1/1024; through six conv layers the logits (magnitude ≈ 16) drift by
        // 0.037 at most on this input. 0.1 leaves room yet fails for a biased rule such as flooring every rescale.
        for (int i = 0; i < 10; i++) Assert.InRange(ints[i] / 512.0 - real[i], -0.1, 0.1);
    }

    [Fact]
    public void WeightsAreTheTfliteModelsRoundedAndItsFloatNetworkAlsoPredictsFive()
    {
        // zkml's converter writes round_half_even(w · global_sf) for each float32 TFLite tensor, keeping TFLite's
        // tensor index as idx. Every weight in model.msgpack must be exactly that.
        var tflite = TfliteFloatTensors.Read(File.ReadAllBytes(Path.Combine(ZkmlMsgpackReaderTests.Dir, "model.tflite")));
        foreach (var t in Model.Tensors)
        {
            Assert.True(tflite.TryGetValue((int)t.Index, out var f), $"tensor {t.Index} is not a float constant in the TFLite file");
            Assert.Equal(f.Shape, t.Shape);
            Assert.Equal(f.Data.Select(w => (long)Math.Round((double)w * Model.GlobalScale, MidpointRounding.ToEven)), t.Data);
        }
        // The network zkml converted, run in doubles on TFLite's own float weights.
        double[] logits = ReferenceFloat(Model.Tensors.ToDictionary(t => t.Index, t => tflite[(int)t.Index].Data.Select(w => (double)w).ToArray()));
        Assert.Equal(5, Array.IndexOf(logits, logits.Max()));
    }

    [Fact]
    public void OutOfLookupRangeIsAnExecutionErrorNotAWrongAnswer()
    {
        // Scale every pixel by 64: the first conv's rescaled outputs leave zkml's 2^14 lookup window.
        var model = ZkmlMsgpackImporter.ImportQuantized(Model, "mnist");
        long[] big = Input.Data.Select(v => v * 64).ToArray();
        var e = Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(model, [big]));
        Assert.Contains("lookup range", e.Message);
    }

    [Fact]
    public void WrongLengthAndMissingInputsAreExecutionErrors()
    {
        var model = ZkmlMsgpackImporter.ImportQuantized(Model, "mnist");
        Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(model, Array.Empty<long[]>()));
        Assert.Throws<ModelExecutionException>(() => IntegerExecutor.Run(model, [new long[783]]));
    }

    // ---- Reference 1: zkml's rules, transcribed plainly (valid padding, stride 1 and the layer types MNIST uses).

    private static Dictionary<long, (int[] Shape, BigInteger[] Data)> ReferenceInteger()
    {
        long sf = Model.GlobalScale;
        var env = Model.Tensors.ToDictionary(t => t.Index, t => (Shape: t.Shape, Data: t.Data.Select(v => (BigInteger)v).ToArray()));
        env[0] = (Input.Shape, Input.Data.Select(v => (BigInteger)v).ToArray());
        var produced = new Dictionary<long, (int[], BigInteger[])>();
        foreach (var layer in Model.Layers)
        {
            var ins = layer.InputIndices.Select(i => env[i]).ToArray();
            (int[], BigInteger[]) outp = layer.LayerType switch
            {
                "Conv2D" => Conv(ins[0], ins[1], ins[2], layer.Params, sf),
                "AveragePool2D" => AvgPool(ins[0], layer.Params),
                "Mul" => PerChannel(ins[0], ins[1], (a, b) => RoundHalfUp(a * b, sf)),
                "Add" => PerChannel(ins[0], ins[1], (a, b) => a + b),
                _ => throw new InvalidOperationException(layer.LayerType),
            };
            env[layer.OutputIndices[0]] = outp;
            produced[layer.OutputIndices[0]] = outp;
        }
        return produced;
    }

    /// <summary>(2a + b) / 2b floored: zkml's var_div and bias_div_round_relu6 witness rule.</summary>
    private static BigInteger RoundHalfUp(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(2 * a + b, 2 * b, out var r);
        return r < 0 ? q - 1 : q;
    }

    private static (int[], BigInteger[]) Conv((int[] S, BigInteger[] D) x, (int[] S, BigInteger[] D) w, (int[] S, BigInteger[] D) bias, long[] prm, long sf)
    {
        Assert.Equal([0L, 1, 1, 1], new[] { prm[0], prm[1], prm[3], prm[4] }); // plain conv, valid, stride 1
        int h = x.S[1], wd = x.S[2], c = x.S[3], oc = w.S[0], kh = w.S[1], kw = w.S[2];
        int oh = h - kh + 1, ow = wd - kw + 1, patch = kh * kw * c;
        // im2col: one row per output pixel, in the (ki, kj, channel) order of the OHWI weights.
        var rows = new BigInteger[oh * ow][];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                var row = new List<BigInteger>(patch);
                for (int a = 0; a < kh; a++)
                    for (int b = 0; b < kw; b++)
                        for (int ch = 0; ch < c; ch++)
                            row.Add(x.D[((i + a) * wd + (j + b)) * c + ch]);
                rows[i * ow + j] = [.. row];
            }
        var y = new BigInteger[oh * ow * oc];
        for (int p = 0; p < oh * ow; p++)
            for (int o = 0; o < oc; o++)
            {
                BigInteger acc = 0;
                for (int q = 0; q < patch; q++) acc += rows[p][q] * w.D[o * patch + q];
                var v = RoundHalfUp(acc, sf) + bias.D[o];
                y[p * oc + o] = prm[2] switch { 3 => BigInteger.Clamp(v, 0, 6 * sf), 0 => v, _ => throw new InvalidOperationException() };
            }
        return ([1, oh, ow, oc], y);
    }

    private static (int[], BigInteger[]) AvgPool((int[] S, BigInteger[] D) x, long[] prm)
    {
        int f = (int)prm[0], s = (int)prm[2], h = x.S[1], wd = x.S[2], c = x.S[3];
        int oh = (h - f) / s + 1, ow = (wd - f) / s + 1;
        var y = new BigInteger[oh * ow * c];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                for (int ch = 0; ch < c; ch++)
                {
                    BigInteger sum = 0;
                    for (int a = 0; a < f; a++)
                        for (int b = 0; b < f; b++)
                            sum += x.D[((i * s + a) * wd + (j * s + b)) * c + ch];
                    y[(i * ow + j) * c + ch] = RoundHalfUp(sum, f * f);
                }
        return ([1, oh, ow, c], y);
    }

    private static (int[], BigInteger[]) PerChannel((int[] S, BigInteger[] D) x, (int[] S, BigInteger[] D) v, Func<BigInteger, BigInteger, BigInteger> op)
    {
        int c = v.D.Length;
        Assert.Equal(c, x.S[^1]);
        return (x.S, x.D.Select((a, n) => op(a, v.D[n % c])).ToArray());
    }

    // ---- Reference 2: the network in double precision on dequantized weights (value = integer / global_sf).

    private static double[] ReferenceFloat(Dictionary<long, double[]>? weights = null)
    {
        double sf = Model.GlobalScale;
        var env = Model.Tensors.ToDictionary(t => t.Index, t => (S: t.Shape, D: weights?[t.Index] ?? t.Data.Select(v => v / sf).ToArray()));
        env[0] = (Input.Shape, Input.Data.Select(v => v / sf).ToArray());
        foreach (var layer in Model.Layers)
        {
            var ins = layer.InputIndices.Select(i => env[i]).ToArray();
            env[layer.OutputIndices[0]] = layer.LayerType switch
            {
                "Conv2D" => ConvF(ins[0], ins[1], ins[2], relu6: layer.Params[2] == 3),
                "AveragePool2D" => PoolF(ins[0], (int)layer.Params[0]),
                "Mul" => (ins[0].S, ins[0].D.Select((a, n) => a * ins[1].D[n % ins[1].D.Length]).ToArray()),
                "Add" => (ins[0].S, ins[0].D.Select((a, n) => a + ins[1].D[n % ins[1].D.Length]).ToArray()),
                _ => throw new InvalidOperationException(layer.LayerType),
            };
        }
        return env[37].D;
    }

    private static (int[], double[]) ConvF((int[] S, double[] D) x, (int[] S, double[] D) w, (int[] S, double[] D) b, bool relu6)
    {
        int h = x.S[1], wd = x.S[2], c = x.S[3], oc = w.S[0], k = w.S[1];
        int oh = h - k + 1, ow = wd - k + 1;
        var y = new double[oh * ow * oc];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                for (int o = 0; o < oc; o++)
                {
                    double acc = b.D[o];
                    for (int a = 0; a < k; a++)
                        for (int bb = 0; bb < k; bb++)
                            for (int ch = 0; ch < c; ch++)
                                acc += x.D[((i + a) * wd + j + bb) * c + ch] * w.D[((o * k + a) * k + bb) * c + ch];
                    y[(i * ow + j) * oc + o] = relu6 ? Math.Clamp(acc, 0, 6) : acc;
                }
        return ([1, oh, ow, oc], y);
    }

    private static (int[], double[]) PoolF((int[] S, double[] D) x, int f)
    {
        int h = x.S[1], wd = x.S[2], c = x.S[3], oh = (h - f) / f + 1, ow = (wd - f) / f + 1;
        var y = new double[oh * ow * c];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                for (int ch = 0; ch < c; ch++)
                {
                    double s = 0;
                    for (int a = 0; a < f; a++)
                        for (int b = 0; b < f; b++) s += x.D[((i * f + a) * wd + j * f + b) * c + ch];
                    y[(i * ow + j) * c + ch] = s / (f * f);
                }
        return ([1, oh, ow, c], y);
    }
}
