# tend: data-driven Makefile. Run ./configure first.

-include config.mak

# Every program, as FOLDER/NAME: built from FOLDER/NAME.c linked with libtend.
# A program whose source does not exist yet is simply not built.
ALL_PROGRAMS := \
  init/tend-init \
  init/tend-withenv \
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

.PHONY: all check check-unit install clean distclean demo bench check-e2e

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
	$(PROVE) -j$(PROVE_JOBS) --exec '' $(UNIT_TESTS) $(SHELL_TESTS)

install: all
	mkdir -p $(DESTDIR)$(bindir) $(DESTDIR)$(docdir)
	for b in $(BINS) ; do install -m 0755 $$b $(DESTDIR)$(bindir)/ || exit 1 ; done
	for d in doc/*.md ; do [ -e $$d ] || continue ; install -m 0644 $$d $(DESTDIR)$(docdir)/ || exit 1 ; done

demo: all
	./tools/demo

bench: all
	./bench/run

check-e2e: all
	$(PROVE) --exec '' tests/e2e/*.t

clean:
	rm -rf bin libtend/*.o libtend/libtend.a */*.o tests/unit/*.o tests/unit/*.t

distclean: clean
	rm -f config.mak config.h
.SECONDARY:
