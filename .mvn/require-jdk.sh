#!/bin/sh
# Chooses the JDK Maven itself runs on, before Maven starts; called by ./mvnw.
#
# Maven must run on a JDK 21 or newer: the jar plugin reads the modules' descriptors (release 21)
# with Maven's own JDK. When JAVA_HOME (or, unset, the PATH's java) is already 21+, this prints
# nothing and Maven runs on it. When it is older, this prints the home of the newest JDK 21+
# installed in the standard places, and ./mvnw runs Maven on that one; the user's JAVA_HOME
# is left alone outside the build. When there is none, it fails in one clear line instead of a
# Maven stack of errors. Compiling, tests and exec:exec run on the toolchain the parent pom
# selects (maven-toolchains-plugin's discovery looks in the same places).
# MVNW_SKIP_JDK_CHECK=1 skips it.

[ "${MVNW_SKIP_JDK_CHECK-}" = 1 ] && exit 0

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

path_java_home() { # the home of the PATH's java, symbolic links followed; nothing if none
  command -v java >/dev/null 2>&1 || return 0
  j=$(command -v java)
  while [ -L "$j" ]; do
    l=$(readlink "$j")
    case "$l" in /*) j=$l ;; *) j=$(dirname "$j")/$l ;; esac
  done
  dirname "$(dirname "$j")"
}

candidates() {
  env | sed -n 's/^JAVA[A-Z0-9_]*_HOME=//p'
  path_java_home
  for d in "$HOME/.jdks" "$HOME/.m2/jdks" "$HOME/.sdkman/candidates/java" "$HOME/.gradle/jdks" \
           "$HOME/.jenv/versions" "$HOME/.jbang/cache/jdks" "$HOME/.asdf/installs/java" "$HOME/.jabba/jdk" \
           "$HOME/.local/share/mise/installs/java" /usr/jdk /usr/java /usr/local/java /opt/java \
           /opt/hostedtoolcache /usr/lib/jvm /usr/lib64/jvm; do
    [ -d "$d" ] && for h in "$d"/*; do printf '%s\n' "$h"; done
  done
  for h in /Library/Java/JavaVirtualMachines/*/Contents/Home; do printf '%s\n' "$h"; done
}

v=$(major_of "${JAVA_HOME:-$(path_java_home)}") # the JDK Maven would run on
[ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null && exit 0

best="" best_v=0
for home in $(candidates); do
  v=$(major_of "$home")
  if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best=$home best_v=$v; fi
done
if [ -n "$best" ]; then printf '%s\n' "$best"; exit 0; fi
echo "threadwire needs JDK 21 or newer to build and run, and found none (looked in JAVA_HOME, PATH, /usr/lib/jvm, ~/.sdkman, ~/.jdks and the other standard places): install one, e.g. Temurin 21, or set JAVA_HOME to it." >&2
exit 1
