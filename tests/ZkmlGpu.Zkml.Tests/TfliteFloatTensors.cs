using System.Buffers.Binary;
using System.Text;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// Reads the float32 constant tensors of a TFLite flatbuffer (schema: Model.subgraphs[0].tensors[i] with shape,
/// type and buffer index; Model.buffers[j].data), enough to compare zkml's fixed-point weights with their source.
/// </summary>
internal static class TfliteFloatTensors
{
    private const byte Float32 = 0;

    /// <summary>Tensor index → (name, shape, values) for every float32 tensor that has data.</summary>
    public static Dictionary<int, (string Name, int[] Shape, float[] Data)> Read(byte[] file)
    {
        var b = file.AsSpan();
        Assert.Equal("TFL3", Encoding.ASCII.GetString(file, 4, 4));
        int model = (int)U32(b, 0);
        int buffers = Vector(b, Field(b, model, 4));
        int subgraphs = Vector(b, Field(b, model, 2));
        int graph = Table(b, subgraphs, 0);
        int tensors = Vector(b, Field(b, graph, 0));
        var result = new Dictionary<int, (string, int[], float[])>();
        for (int i = 0; i < (int)U32(b, tensors); i++)
        {
            int t = Table(b, tensors, i);
            int typeAt = Field(b, t, 1);
            byte type = typeAt == 0 ? Float32 : b[typeAt]; // absent field = default (FLOAT32)
            int bufferAt = Field(b, t, 2);
            int buffer = bufferAt == 0 ? 0 : (int)U32(b, bufferAt);
            if (type != Float32 || buffer == 0) continue;
            int dataAt = Field(b, Table(b, buffers, buffer), 0);
            if (dataAt == 0) continue; // an activation, not a constant
            int data = Vector(b, dataAt);
            int bytes = (int)U32(b, data);
            var values = new float[bytes / 4];
            for (int k = 0; k < values.Length; k++) values[k] = BinaryPrimitives.ReadSingleLittleEndian(b[(data + 4 + 4 * k)..]);
            int shapeVec = Vector(b, Field(b, t, 0));
            var shape = new int[U32(b, shapeVec)];
            for (int k = 0; k < shape.Length; k++) shape[k] = (int)U32(b, shapeVec + 4 + 4 * k);
            int nameAt = Field(b, t, 3);
            string name = nameAt == 0 ? "" : Encoding.UTF8.GetString(b.Slice(Vector(b, nameAt) + 4, (int)U32(b, Vector(b, nameAt))));
            result[i] = (name, shape, values);
        }
        return result;
    }

    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

    /// <summary>Absolute position of field <paramref name="id"/> of the table at <paramref name="table"/>, or 0 when absent.</summary>
    private static int Field(ReadOnlySpan<byte> b, int table, int id)
    {
        int vtable = table - BinaryPrimitives.ReadInt32LittleEndian(b[table..]);
        int vsize = BinaryPrimitives.ReadUInt16LittleEndian(b[vtable..]);
        int slot = 4 + 2 * id;
        if (slot >= vsize) return 0;
        int off = BinaryPrimitives.ReadUInt16LittleEndian(b[(vtable + slot)..]);
        return off == 0 ? 0 : table + off;
    }

    /// <summary>Follows the offset stored at a vector field to the vector (its u32 length, then elements).</summary>
    private static int Vector(ReadOnlySpan<byte> b, int fieldAt) => fieldAt + (int)U32(b, fieldAt);

    private static int Table(ReadOnlySpan<byte> b, int vector, int i)
    {
        int at = vector + 4 + 4 * i;
        return at + (int)U32(b, at);
    }
}
