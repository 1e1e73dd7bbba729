#!/usr/bin/env bash
# Builds the registration video tutorial from the guide screenshots that the browser tests take
# (KOMIS_UPDATE_GUIDES=1 ./test.sh --filter CitizenJourney). Needs ffmpeg (Debian: apt-get install ffmpeg).
set -euo pipefail
cd "$(dirname "$0")/../src/Komis.Web/wwwroot"
mkdir -p video
list=$(mktemp)
for f in 1-vesiqe 2-hesab 3-yoxlama 4-vereqe 5-giris 6-sifre 7-kabinet; do
  printf "file '%s'\nduration 4\n" "$PWD/img/guides/$f.png" >> "$list"
done
printf "file '%s'\n" "$PWD/img/guides/7-kabinet.png" >> "$list"
ffmpeg -y -loglevel error -f concat -safe 0 -i "$list" -vf "scale=1280:-2,format=yuv420p" -r 2 \
  -c:v libvpx-vp9 -b:v 0 -crf 40 video/qeydiyyat-ve-giris.webm
rm -f "$list"
ls -la video
