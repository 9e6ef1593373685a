# tend: data-driven Makefile. Run ./configure first.

-include config.mak

# Every program, as FOLDER/NAME: built from FOLDER/NAME.c linked with libtend.
# A program whose source does not exist yet is simply not built.
ALL_PROGRAMS := \
  init/tend-init \
  init/tend-withenv \
  shutdown/tend-shutdown \
  check/tend-check \
  svscan/tend-svscan \
  supervise/tend-supervise \
  svc/tend-svc \
  svstat/tend-svstat \
  logger/tend-logger \
  setuidgid/tend-setuidgid \
  fixperms/tend-fixperms

PROGRAMS := $(foreach p,$(ALL_PROGRAMS),$(if $(wildcard $(p).c),$(p)))
BINS := $(addprefix bin/,$(notdir $(PROGRAMS)))
LIB_OBJS := $(patsubst %.c,%.o,$(sort $(wildcard libtend/*.c)))
LIB_HDRS := $(wildcard libtend/*.h)
UNIT_TESTS := $(patsubst %.c,%.t,$(sort $(wildcard tests/unit/*.c)))
SHELL_TESTS := $(sort $(wildcard tests/*.t))
PROVE ?= prove
PROVE_JOBS ?= 2
DESTDIR ?=

.PHONY: all check check-unit install clean distclean demo bench check-e2e musl check-musl

all: config.mak $(BINS)

config.mak:
	@echo "Makefile: fatal: run ./configure first" >&2 ; exit 1

%.o: %.c config.h $(LIB_HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

libtend/libtend.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

bin:
	mkdir -p bin

define program_rule
bin/$(notdir $(1)): $(1).o libtend/libtend.a | bin
	$$(CC) $$(LDFLAGS) -o $$@ $(1).o libtend/libtend.a $$(LDLIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

tests/unit/%.t: tests/unit/%.o tests/unit/tap.h libtend/libtend.a
	$(CC) $(LDFLAGS) -o $@ $< libtend/libtend.a $(LDLIBS)

check-unit: $(UNIT_TESTS)
	$(PROVE) --exec '' $(UNIT_TESTS)

check: all $(UNIT_TESTS)
	$(PROVE) -j$(PROVE_JOBS) --timer --exec '' $(UNIT_TESTS) $(SHELL_TESTS)

install: all
	mkdir -p $(DESTDIR)$(bindir) $(DESTDIR)$(docdir)
	for b in $(BINS) ; do install -m 0755 $$b $(DESTDIR)$(bindir)/ || exit 1 ; done
	for d in doc/*.md ; do [ -e $$d ] || continue ; install -m 0644 $$d $(DESTDIR)$(docdir)/ || exit 1 ; done

demo: all
	./tools/demo

# The static musl build an image ships (tools/build-musl): build/musl/bin.
musl:
	./tools/build-musl

check-musl:
	./tools/build-musl -c

# tend as an image ships it (the static musl build), with this build (glibc, the system's
# skalibs) measured in the same runs as a reference column.
bench: all musl
	TEND_BIN=$(CURDIR)/build/musl/bin TEND_REF_BIN=$(CURDIR)/bin TEND_REF_LABEL='tend, glibc build (reference)' ./bench/run

# End to end in podman (tests/e2e/): setup installs the engine when missing and builds the
# cached base image; the tests run one at a time, as some of them time container stops.
check-e2e: all
	tests/e2e/setup > /dev/null
	$(PROVE) --exec '' tests/e2e/*.t

clean:
	rm -rf bin libtend/*.o libtend/libtend.a */*.o tests/unit/*.o tests/unit/*.t tests/fuzz/*.fuzz tests/fuzz/*.corpus tests/fuzz/*.log

distclean: clean
	rm -f config.mak config.h
.SECONDARY:

# --- fuzzing (libFuzzer, clang) and static analysis --------------------------------------
# Each tests/fuzz/NAME.c is a libFuzzer target built with the libtend sources it needs.
FUZZ_CC ?= clang
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,tests/fuzz/%.fuzz,$(sort $(wildcard tests/fuzz/*.c)))
FUZZ_SECONDS ?= 60
LIB_SRCS := $(sort $(wildcard libtend/*.c))

tests/fuzz/%.fuzz: tests/fuzz/%.c $(LIB_SRCS) $(LIB_HDRS) config.h
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -I. -Ilibtend -o $@ $< $(LIB_SRCS) -lskarnet

.PHONY: fuzz fuzz-smoke lint check-valgrind
fuzz: $(FUZZ_TARGETS)
	@for f in $(FUZZ_TARGETS) ; do \
	  mkdir -p $$f.corpus && echo "== $$f ($(FUZZ_SECONDS) s)" ; \
	  ./$$f -artifact_prefix=tests/fuzz/artifact- -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 $$f.corpus > $$f.log 2>&1 ; \
	  rc=$$? ; tail -n 3 $$f.log ; \
	  if [ $$rc -ne 0 ] ; then grep -A 20 -E 'ERROR|deadly' $$f.log | head -40 ; echo "fuzz: $$f found a crash (rc $$rc)" ; exit 1 ; fi ; \
	done

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=10

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --inline-suppr \
	  --suppress=missingIncludeSystem -I libtend -I . $(LIB_SRCS) $(addsuffix .c,$(PROGRAMS))
	clang-tidy --quiet $(LIB_SRCS) $(addsuffix .c,$(PROGRAMS)) \
	  -checks='-*,clang-analyzer-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,-bugprone-narrowing-conversions,-bugprone-not-null-terminated-result,-bugprone-suspicious-string-compare,-bugprone-suspicious-missing-comma,-bugprone-implicit-widening-of-multiplication-result,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling' \
	  --warnings-as-errors='*' -- -std=c99 -D_GNU_SOURCE -I. -Ilibtend

check-valgrind: $(UNIT_TESTS)
	$(PROVE) --exec 'valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite' $(UNIT_TESTS)
