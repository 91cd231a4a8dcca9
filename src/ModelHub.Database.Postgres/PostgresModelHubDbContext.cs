using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using Npgsql;

namespace ModelHub.Database.Postgres;

public sealed class PostgresModelHubDbContext(DbContextOptions<PostgresModelHubDbContext> options) : ModelHubDbContext(options)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsReferenceViolation(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException)
            is { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
