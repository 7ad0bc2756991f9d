using System.Buffers;
using MessagePack;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Writes small msgpack documents (maps of named fields) for the reader's error-path tests.</summary>
internal static class MsgpackDoc
{
    public delegate void Body(ref MessagePackWriter writer);

    public static byte[] Write(Body body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        body(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A valid one-layer model (Add of an input and a constant), with optional field overrides.</summary>
    public static byte[] TinyModel(Body? tensors = null, string sfKey = "global_sf", bool sfAsString = false) => Write((ref MessagePackWriter w) =>
    {
        w.WriteMapHeader(7);
        w.Write(sfKey); if (sfAsString) w.Write("512"); else w.Write(512);
        w.Write("k"); w.Write(10);
        w.Write("num_cols"); w.Write(4);
        w.Write("inp_idxes"); w.WriteArrayHeader(1); w.Write(0);
        w.Write("out_idxes"); w.WriteArrayHeader(1); w.Write(2);
        w.Write("layers"); w.WriteArrayHeader(1);
        w.WriteMapHeader(7);
        w.Write("layer_type"); w.Write("Add");
        w.Write("params"); w.WriteArrayHeader(1); w.Write(0);
        w.Write("inp_idxes"); w.WriteArrayHeader(2); w.Write(0); w.Write(1);
        w.Write("inp_shapes"); w.WriteArrayHeader(2); Shape(ref w, 2); Shape(ref w, 2);
        w.Write("out_idxes"); w.WriteArrayHeader(1); w.Write(2);
        w.Write("out_shapes"); w.WriteArrayHeader(1); Shape(ref w, 2);
        w.Write("mask"); w.WriteArrayHeader(0);
        w.Write("tensors");
        if (tensors is null)
        {
            w.WriteArrayHeader(1);
            Tensor(ref w, 1, [2], [5, -7]);
        }
        else tensors(ref w);
    });

    public static void Shape(ref MessagePackWriter w, params int[] dims)
    {
        w.WriteArrayHeader(dims.Length);
        foreach (int d in dims) w.Write(d);
    }

    public static void Tensor(ref MessagePackWriter w, long idx, int[] shape, long[] data)
    {
        w.WriteMapHeader(3);
        w.Write("idx"); w.Write(idx);
        w.Write("shape"); Shape(ref w, shape);
        w.Write("data"); w.WriteArrayHeader(data.Length);
        foreach (long v in data) w.Write(v);
    }
}
