# How ctest runs the slow tests; read after the discovered tests are added (docs/testing.md has
# the measures behind every figure).
# - A kernel (or the SSI image) is made by one test, a fixture of the tests that use it: they
#   start once it exists, instead of holding one of the two slots while they wait for its lock.
# - The kernel builds share a lock: each uses every core already (make -j$(nproc)).
# - COST orders a fresh tree's first run, longest first; later runs use ctest's own timings.
# - TIMEOUT is at least twice the time measured on 2 cores, where ctest's 1500 s is not.

if(NOT ssi_oscar_tests_TESTS)
  return()  # the test binary is not built: ctest reports that by itself
endif()

set(linux_krg_builder LinuxKrg.BuildsTheThreePackagesFromTheUpstreamSources)
# A parametrised test's name ends in GoogleTest's "  # GetParam() = ..." comment: the builders
# are found by their name's start, and set_tests_properties below fails loudly if one is gone.
set(ssi_image_builder "")
set(ssi_image_13_builder "")  # Debian 13's image builds its own linux-krg (in the debian-13 build root)
foreach(test IN LISTS ssi_oscar_tests_TESTS)
  if(test MATCHES "^Distributions/SsiImage\\.LinuxKrgGetsAGzipInitramfsAndTheCLibraryIsReported/Debian12Host")
    set(ssi_image_builder "${test}")
  elseif(test MATCHES "^Distributions/SsiImage\\.LinuxKrgGetsAGzipInitramfsAndTheCLibraryIsReported/Debian13")
    set(ssi_image_13_builder "${test}")
  endif()
endforeach()

foreach(test IN LISTS ssi_oscar_tests_TESTS)
  set(fixtures "")
  if(test MATCHES "^(LinuxKrg\\.|Distributions/SsiImage\\..*/Debian12Host)" AND NOT test STREQUAL linux_krg_builder)
    list(APPEND fixtures linux_krg)
  endif()
  if(test MATCHES "^Distributions/SsiImage\\..*/Debian12Host" AND NOT test STREQUAL ssi_image_builder)
    list(APPEND fixtures ssi_image)
  endif()
  if(test MATCHES "^Distributions/SsiImage\\..*/Debian13" AND NOT test STREQUAL ssi_image_13_builder)
    list(APPEND fixtures ssi_image_13)
  endif()
  if(fixtures)
    set_tests_properties(${test} PROPERTIES FIXTURES_REQUIRED "${fixtures}")
  endif()
  # An image's boot tests start as soon as it exists, not behind the short tests: Debian 13's
  # image is the last one made, and its boots were the suite's last minutes.
  if(fixtures MATCHES "ssi_image")
    set_tests_properties(${test} PROPERTIES COST 600)
  endif()
endforeach()

set_tests_properties(${linux_krg_builder} PROPERTIES FIXTURES_SETUP linux_krg RESOURCE_LOCK kernel_build
                     COST 1000 TIMEOUT 2400)
set_tests_properties(${ssi_image_builder} PROPERTIES FIXTURES_SETUP ssi_image COST 800 TIMEOUT 1500)
set_tests_properties(${ssi_image_13_builder} PROPERTIES FIXTURES_SETUP ssi_image_13 RESOURCE_LOCK kernel_build
                     COST 1100 TIMEOUT 2400)
# Kerrighed's own suite on two netbooted nodes of the SSI image: about 8 minutes of qemu guests.
set_tests_properties(KerrighedSuite.EveryCaseButTheListedOnesPassesOnTwoNetbootedNodes PROPERTIES
                     FIXTURES_REQUIRED "linux_krg;ssi_image" COST 950 TIMEOUT 2400)
# The jobs suite on two nodes of each kind: about 4 minutes of qemu guests each.
set_tests_properties(ClusterJobs.OnTwoKerrighedNodesTheSystemSpreadsTheBagAndMpiRanksStayPut PROPERTIES
                     FIXTURES_REQUIRED "linux_krg;ssi_image" COST 700 TIMEOUT 1800)
set_tests_properties(ClusterJobs.OnTwoOscarNodesTheBagIsPlacedStaticallyAndPiRunsARankOnEachNode PROPERTIES
                     COST 700 TIMEOUT 1800)
