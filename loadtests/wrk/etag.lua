-- Revalidate the URL with If-None-Match: WRK_ETAG (fetched per server by run.sh); expects 304.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
wrk.headers["If-None-Match"] = os.getenv("WRK_ETAG")
