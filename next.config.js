/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addon: keep it out of the server bundle, require() it from node_modules at runtime.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
