// Proves modules load (served as text/javascript) and that fetch() of JSON works.
const status = document.getElementById("status");
const response = await fetch("data/info.json");
const info = await response.json();
status.textContent = `JavaScript ran and fetched ${info.name} (${response.headers.get("x-cache") ?? "no X-Cache header"}).`;
