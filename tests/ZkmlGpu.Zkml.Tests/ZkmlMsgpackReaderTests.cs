using MessagePack;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Tests;

public class ZkmlMsgpackReaderTests
{
    internal static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "data", "models", "zkml-mnist");

    [Fact]
    public void ReadsTheMnistModelHeaderLayersAndTensors()
    {
        var m = ZkmlMsgpackReader.ReadModel(Path.Combine(Dir, "model.msgpack"));
        Assert.Equal(512, m.GlobalScale);
        Assert.Equal(15, m.K);
        Assert.Equal(7, m.NumColumns);
        Assert.Equal([0L], m.InputIndices);
        Assert.Equal([37L], m.OutputIndices);
        Assert.Equal(16, m.Layers.Count);
        Assert.Equal(["Add", "AveragePool2D", "Conv2D", "Mul"], m.Layers.Select(l => l.LayerType).Distinct().Order());
        Assert.Equal(20, m.Tensors.Count);
        var w0 = m.Tensors.Single(t => t.Index == 7);
        Assert.Equal([8, 3, 3, 1], w0.Shape);
        Assert.Equal(72, w0.Data.Length);
        Assert.Equal([0L, 1, 3, 1, 1], m.Layers[0].Params);
    }

    [Fact]
    public void ReadsTheInputFile()
    {
        var inputs = ZkmlMsgpackReader.ReadInputs(Path.Combine(Dir, "inp.msgpack"));
        var t = Assert.Single(inputs);
        Assert.Equal(0, t.Index);
        Assert.Equal([1, 28, 28, 1], t.Shape);
        Assert.Equal(784, t.Data.Length);
        Assert.InRange(t.Data.Max(), 1, 2 * 512); // pixels in [0, 2] at scale 512
    }

    [Fact]
    public void TinyModelRoundTrips()
    {
        var m = ZkmlMsgpackReader.ReadModel(MsgpackDoc.TinyModel());
        Assert.Equal([-7L], m.Tensors[0].Data[1..]);
    }

    [Fact]
    public void EveryTruncationOfTheMnistModelIsACleanFormatError()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Dir, "model.msgpack"));
        for (int len = 0; len < bytes.Length; len += len < 64 ? 1 : 97)
            Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(bytes.AsMemory(0, len)));
        Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(bytes.AsMemory(0, bytes.Length - 1)));
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        byte[] bytes = [.. MsgpackDoc.TinyModel(), 0xc0];
        var e = Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(bytes));
        Assert.Contains("trailing", e.Message);
    }

    [Fact]
    public void WrongTypesAreRejected()
    {
        var e = Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(MsgpackDoc.TinyModel(sfAsString: true)));
        Assert.Contains("global_sf", e.Message);
        Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(MsgpackDoc.Write((ref MessagePackWriter w) => w.Write(42))));
        // A float where zkml's loader expects i64.
        byte[] floats = MsgpackDoc.TinyModel((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            w.WriteMapHeader(3);
            w.Write("idx"); w.Write(1);
            w.Write("shape"); MsgpackDoc.Shape(ref w, 2);
            w.Write("data"); w.WriteArrayHeader(2); w.Write(0.5); w.Write(1.5);
        });
        Assert.Contains("integers", Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(floats)).Message);
    }

    [Fact]
    public void MissingRequiredFieldIsNamed()
    {
        var e = Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(MsgpackDoc.TinyModel(sfKey: "scale")));
        Assert.Contains("global_sf", e.Message);
    }

    [Fact]
    public void HostileArrayLengthIsRejectedBeforeAllocating()
    {
        // Declares 2^31 − 1 data elements in a few bytes: must fail on the header, not allocate 16 GiB.
        byte[] doc = MsgpackDoc.TinyModel((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            w.WriteMapHeader(3);
            w.Write("idx"); w.Write(1);
            w.Write("shape"); MsgpackDoc.Shape(ref w, 2);
            w.Write("data"); w.WriteArrayHeader(int.MaxValue);
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(doc));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("zkml model", e.Message);
    }

    [Fact]
    public void ShapeAndDataDisagreeing()
    {
        byte[] doc = MsgpackDoc.TinyModel((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            MsgpackDoc.Tensor(ref w, 1, [3], [1, 2]);
        });
        Assert.Contains("holds 3 values", Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(doc)).Message);
    }

    [Fact]
    public void HugeDeclaredShapeIsRejected()
    {
        byte[] doc = MsgpackDoc.TinyModel((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            MsgpackDoc.Tensor(ref w, 1, [1 << 20, 1 << 20], [1, 2]);
        });
        Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(doc));
    }

    [Fact]
    public void BroadcastThatWouldExplodeIsRejectedBeforeAllocating()
    {
        // [4096,1] + [1,8192] from 12 k stored values would broadcast to 2^25 elements.
        var a = new ZkmlGpu.Zkml.Model.Tensor<long>(new TensorShape(4096, 1));
        var b = new ZkmlGpu.Zkml.Model.Tensor<long>(new TensorShape(1, 8192));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ModelFormatException>(() => ZkmlKernels.Add(a, b, [], default));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void DeeplyNestedUnknownFieldDoesNotExhaustTheStack()
    {
        byte[] doc = MsgpackDoc.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("extra");
            for (int i = 0; i < 100_000; i++) w.WriteArrayHeader(1);
            w.Write(0);
        });
        Assert.Contains("nesting", Assert.Throws<ModelFormatException>(() => ZkmlMsgpackReader.ReadModel(doc)).Message);
    }

    [Fact]
    public void UnsupportedLayerIsAFormatErrorAtImport()
    {
        var m = ZkmlMsgpackReader.ReadModel(MsgpackDoc.TinyModel());
        var bad = m with { Layers = [m.Layers[0] with { LayerType = "Softmax" }] };
        var e = Assert.Throws<ModelFormatException>(() => ZkmlMsgpackImporter.Import(bad, "tiny"));
        Assert.Contains("Softmax", e.Message);
    }

    [Fact]
    public void NonPowerOfTwoScaleIsRejected()
    {
        var m = ZkmlMsgpackReader.ReadModel(MsgpackDoc.TinyModel()) with { GlobalScale = 1000 };
        Assert.Contains("power of two", Assert.Throws<ModelFormatException>(() => ZkmlMsgpackImporter.Import(m, "tiny")).Message);
    }
}
