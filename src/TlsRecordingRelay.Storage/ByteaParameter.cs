using System.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace TlsRecordingRelay.Storage;

/// <summary>Passes message bytes to Dapper as bytea without copying them into a new array.</summary>
internal sealed class ByteaParameter(ReadOnlyMemory<byte> value) : SqlMapper.ICustomQueryParameter
{
    public void AddParameter(IDbCommand command, string name)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>(name, NpgsqlDbType.Bytea) { TypedValue = value });
    }
}
