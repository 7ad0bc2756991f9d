using Google.Protobuf;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Onnx;

/// <summary>Reads an ONNX <c>TensorProto</c> (raw or typed fields) into a real tensor.</summary>
internal static class OnnxTensorReader
{
    // ONNX TensorProto.DataType codes.
    public const int Float = 1, Uint8 = 2, Int8 = 3, Int32 = 6, Int64 = 7, Bool = 9, Double = 11;

    public static bool IsIntegerType(int dataType) => dataType is Uint8 or Int8 or Int32 or Int64 or Bool;

    public static Tensor<double> Read(global::Onnx.TensorProto t, string where)
    {
        if (t.DataLocation == global::Onnx.TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
            throw new ModelFormatException($"{where}: tensor '{t.Name}' uses external data, which is not supported");
        var dims = new int[t.Dims.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            if (t.Dims[i] < 0 || t.Dims[i] > int.MaxValue) throw new ModelFormatException($"{where}: tensor '{t.Name}' has dimension {t.Dims[i]}");
            dims[i] = (int)t.Dims[i];
        }
        TensorShape shape;
        try { shape = new TensorShape(dims); }
        catch (ArgumentOutOfRangeException) { throw new ModelFormatException($"{where}: tensor '{t.Name}' is too large"); }
        var data = new double[shape.Size];
        ByteString raw = t.RawData;
        bool hasRaw = raw.Length > 0;
        int n = shape.Size;
        void Need(int count, int elementBytes)
        {
            if (count != n) throw new ModelFormatException($"{where}: tensor '{t.Name}' of shape {shape} holds {count} values");
            _ = elementBytes;
        }
        ReadOnlySpan<byte> bytes = raw.Span;
        switch (t.DataType)
        {
            case Float:
                if (hasRaw) { Need(bytes.Length / 4, 4); CheckRaw(bytes.Length, 4, n, t, where); var f = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes); for (int i = 0; i < n; i++) data[i] = f[i]; }
                else { Need(t.FloatData.Count, 4); for (int i = 0; i < n; i++) data[i] = t.FloatData[i]; }
                break;
            case Double:
                if (hasRaw) { CheckRaw(bytes.Length, 8, n, t, where); System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).CopyTo(data); }
                else { Need(t.DoubleData.Count, 8); for (int i = 0; i < n; i++) data[i] = t.DoubleData[i]; }
                break;
            case Int64:
                if (hasRaw) { CheckRaw(bytes.Length, 8, n, t, where); var l = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes); for (int i = 0; i < n; i++) data[i] = l[i]; }
                else { Need(t.Int64Data.Count, 8); for (int i = 0; i < n; i++) data[i] = t.Int64Data[i]; }
                break;
            case Int32:
                if (hasRaw) { CheckRaw(bytes.Length, 4, n, t, where); var l = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes); for (int i = 0; i < n; i++) data[i] = l[i]; }
                else { Need(t.Int32Data.Count, 4); for (int i = 0; i < n; i++) data[i] = t.Int32Data[i]; }
                break;
            case Int8:
                if (hasRaw) { CheckRaw(bytes.Length, 1, n, t, where); for (int i = 0; i < n; i++) data[i] = (sbyte)bytes[i]; }
                else { Need(t.Int32Data.Count, 4); for (int i = 0; i < n; i++) data[i] = t.Int32Data[i]; }
                break;
            case Uint8:
            case Bool:
                if (hasRaw) { CheckRaw(bytes.Length, 1, n, t, where); for (int i = 0; i < n; i++) data[i] = bytes[i]; }
                else { Need(t.Int32Data.Count, 4); for (int i = 0; i < n; i++) data[i] = t.Int32Data[i]; }
                break;
            default:
                throw new ModelFormatException($"{where}: tensor '{t.Name}' has unsupported element type {t.DataType}");
        }
        foreach (double v in data)
            if (!double.IsFinite(v)) throw new ModelFormatException($"{where}: tensor '{t.Name}' holds a non-finite value ({v})");
        return new Tensor<double>(shape, data);
    }

    private static void CheckRaw(int length, int elementBytes, int n, global::Onnx.TensorProto t, string where)
    {
        if (length != (long)n * elementBytes)
            throw new ModelFormatException($"{where}: tensor '{t.Name}' has {length} raw bytes for {n} elements of {elementBytes} bytes");
    }
}
