#!/bin/sh
# Fails in one line, before Maven starts, when no JDK 21 or newer is installed where the build
# looks for one. The build itself picks the JDK with maven-toolchains-plugin's discovery (see
# the parent pom); this script only checks the same places, so that a machine without a
# suitable JDK gets one clear sentence instead of a Maven stack of errors.
# Called by ./mvnw; MVNW_SKIP_JDK_CHECK=1 skips it.

[ "${MVNW_SKIP_JDK_CHECK-}" = 1 ] && exit 0
# A toolchains.xml may define JDKs anywhere: leave the decision to the plugin then.
[ -f "$HOME/.m2/toolchains.xml" ] && exit 0

major_of() { # $1: a JDK home; prints its feature version, or nothing
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p')
  fi
  [ "$v" = 1 ] && v=8
  printf %s "$v"
}

candidates() {
  env | sed -n 's/^JAVA[A-Z0-9_]*_HOME=//p'
  if command -v java >/dev/null 2>&1; then
    j=$(command -v java)
    while [ -L "$j" ]; do
      l=$(readlink "$j")
      case "$l" in /*) j=$l ;; *) j=$(dirname "$j")/$l ;; esac
    done
    dirname "$(dirname "$j")"
  fi
  for d in "$HOME/.jdks" "$HOME/.m2/jdks" "$HOME/.sdkman/candidates/java" "$HOME/.gradle/jdks" \
           "$HOME/.jenv/versions" "$HOME/.jbang/cache/jdks" "$HOME/.asdf/installs/java" "$HOME/.jabba/jdk" \
           "$HOME/.local/share/mise/installs/java" /usr/jdk /usr/java /usr/local/java /opt/java \
           /opt/hostedtoolcache /usr/lib/jvm /usr/lib64/jvm; do
    [ -d "$d" ] && for h in "$d"/*; do printf '%s\n' "$h"; done
  done
  for h in /Library/Java/JavaVirtualMachines/*/Contents/Home; do printf '%s\n' "$h"; done
}

for home in $(candidates); do
  v=$(major_of "$home")
  [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null && exit 0
done
echo "threadwire needs JDK 21 or newer to build and run, and found none (looked in JAVA_HOME, PATH, /usr/lib/jvm, ~/.sdkman, ~/.jdks and the other standard places): install one, e.g. Temurin 21, or set JAVA_HOME to it." >&2
exit 1
