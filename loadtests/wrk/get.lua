-- GET the URL given on the command line (1 KiB, 100 KiB, 1 MiB, 10 MiB workloads).
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
