package io.talkmesh.devstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layout rules of STYLE.md, checked on the production classes of every service. */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void load() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.talkmesh.common", "io.talkmesh.ops", "io.talkmesh.talkmanager", "io.talkmesh.gateway",
            "io.talkmesh.push");
    for (String service : new String[] {"io.talkmesh.common", "io.talkmesh.talkmanager", "io.talkmesh.gateway", "io.talkmesh.push"}) {
      org.assertj.core.api.Assertions.assertThat(production.stream().filter(c -> c.getPackageName().startsWith(service)))
          .as("classes of %s on the test classpath", service).hasSizeGreaterThan(5);
    }
  }

  @Test
  void servicesTalkOnlyThroughCommonNeverToEachOthersCode() {
    noClasses().that().resideInAPackage("io.talkmesh.gateway..")
        .should().dependOnClassesThat().resideInAnyPackage("io.talkmesh.talkmanager..", "io.talkmesh.push..")
        .check(production);
    noClasses().that().resideInAPackage("io.talkmesh.push..")
        .should().dependOnClassesThat().resideInAnyPackage("io.talkmesh.talkmanager..", "io.talkmesh.gateway..")
        .check(production);
    noClasses().that().resideInAnyPackage("io.talkmesh.common..", "io.talkmesh.ops..")
        .should().dependOnClassesThat().resideInAnyPackage("io.talkmesh.talkmanager..", "io.talkmesh.gateway..",
            "io.talkmesh.push..")
        .check(production);
    // The wire contract does not lean on the operator's kit (health routes, log levels, process start-up).
    noClasses().that().resideInAPackage("io.talkmesh.common..")
        .should().dependOnClassesThat().resideInAPackage("io.talkmesh.ops..")
        .check(production);
  }

  @Test
  void onlyTalkManagerTouchesTheDatabase() {
    noClasses().that().resideOutsideOfPackage("io.talkmesh.talkmanager..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..", "java.sql..")
        .check(production);
    noClasses().that().resideInAPackage("io.talkmesh.talkmanager..").and().resideOutsideOfPackage("..db..")
        .should().dependOnClassesThat().resideInAPackage("java.sql..")
        .check(production);
  }

  @Test
  void verticlesUseVerticleBaseAndNothingAwaitsOutsideMain() {
    noClasses().should().beAssignableTo(io.vertx.core.AbstractVerticle.class).check(production);
    noClasses().that().haveSimpleNameNotEndingWith("Main")
        .should().callMethod(io.vertx.core.Future.class, "await")
        .orShould().callMethod(io.vertx.core.Future.class, "await", long.class, java.util.concurrent.TimeUnit.class)
        .check(production);
  }

  @Test
  void environmentIsReadOnlyByMainClasses() {
    noClasses().that().haveSimpleNameNotEndingWith("Main")
        .should().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .check(production);
  }
}
