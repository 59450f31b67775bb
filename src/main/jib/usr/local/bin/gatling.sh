#!/bin/sh
# gatling.sh as the Gatling Operator's runner calls it (gatling.sh -sf DIR -s CLASS -rsf DIR -rf DIR
# [-nr] -rm local), for the ovload image: the image holds the compiled suite, not Gatling's bundle,
# so the simulation runs from the class path Jib wrote, with the JVM flags of the image's entry point
# (the pom's jib-maven-plugin jvmFlags: keep the two in step). The bundle's
# folders and run mode do not apply; -nr is ignored, as the shard's own report carries the
# simulation.log that the merge joins. Options of the suite come in JAVA_TOOL_OPTIONS.
set -eu
simulation=ovload.gatling.ContentionSimulation
results=/ovload/target/gatling
while [ $# -gt 0 ]; do
  case "$1" in
    -s) simulation=$2; shift 2 ;;
    -rf) results=$2; shift 2 ;;
    -sf|-rsf|-rm) shift 2 ;;
    -nr) shift ;;
    *) echo "gatling.sh (ovload image): unsupported option $1: the operator's reporter cannot join Gatling 3.13 logs; use the ovload merge Job" >&2
       exit 2 ;;
  esac
done
cd /ovload
exec java --add-opens=java.base/java.lang=ALL-UNNAMED -XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=384m \
  -Dgatling.data.enableAnalytics=false \
  -Dovload.projectDir=/ovload -Djava.util.prefs.userRoot=/app/resources/gatling-prefs \
  -Dlogback.configurationFile=/app/resources/logback.xml -Dovload.gatlingResults="$results" \
  -cp @/app/jib-classpath-file io.gatling.app.Gatling -s "$simulation" -rf "$results"
