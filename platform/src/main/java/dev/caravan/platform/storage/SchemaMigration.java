package dev.caravan.platform.storage;

import java.sql.Connection;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.CatalogAndSchema;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.core.H2Database;
import liquibase.exception.DatabaseException;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/** Applies {@value #CHANGELOG} with Liquibase; already-applied change sets are skipped. */
final class SchemaMigration {

    static final String CHANGELOG = "db/changelog.yaml";

    /**
     * Liquibase logs every change set through java.util.logging at INFO. Keep only its warnings;
     * the reference is held so the level is not lost when the JUL logger is garbage-collected.
     */
    private static final Logger LIQUIBASE_JUL = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_JUL.setLevel(Level.WARNING);
    }

    private SchemaMigration() {}

    static void update(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Database database = database(new JdbcConnection(connection));
            Map<String, Object> scope = Map.of(
                    Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SchemaMigration.class.getClassLoader()),
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    // No usage reporting to liquibase.com: gateways often run without internet access.
                    "liquibase.analytics.enabled", Boolean.FALSE);
            Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                    .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                    .execute());
        }
    }

    private static Database database(JdbcConnection connection) throws DatabaseException {
        if (DatabaseUrl.isH2(connection.getURL())) {
            LowerCaseH2Database h2 = new LowerCaseH2Database();
            h2.setConnection(connection);
            return h2;
        }
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(connection);
    }

    /**
     * H2 opened with {@code DATABASE_TO_LOWER=TRUE} stores unquoted names in lower case, but
     * Liquibase's H2 support looks its own tables up in upper case, misses them, and fails on the
     * second start with "Table databasechangelog already exists" (liquibase/liquibase PR #7436).
     * Telling it that unquoted names are lower-cased makes the look-up match.
     */
    static final class LowerCaseH2Database extends H2Database {

        @Override
        public void setConnection(DatabaseConnection connection) {
            super.setConnection(connection);
            unquotedObjectsAreUppercased = Boolean.FALSE;
        }

        @Override
        public CatalogAndSchema.CatalogAndSchemaCase getSchemaAndCatalogCase() {
            return CatalogAndSchema.CatalogAndSchemaCase.LOWER_CASE;
        }
    }
}
