/* unmanned_store panel, built by scripts/build_frontend from frontend/src; sources-sha256: cd04035a3ed604fe35a82faca85a3eb27dfbabc3968c33c4d2ef76151e12e960 */
var m={en:{title:"Store",loading:"Loading…",no_store:"No store is set up yet. Add the Unmanned Store integration first.","tab.today":"Today","tab.cameras":"Cameras","tab.passes":"Passes",menu:"Menu",store:"Store","today.granted":"Entries","today.visitors":"Visitors","today.denied":"Denied","today.camera_entries":"Counted by cameras","today.people_in_shop":"In the shop now","today.denials":"Why the door stayed shut today","today.no_denials":"No one was turned away today.","today.refresh":"Refresh","log.title":"Visitor log","log.result":"Result","log.any_result":"All results","log.visitor":"Visitor key","log.from":"From","log.to":"To","log.search":"Search","log.csv":"Export CSV","log.csv_done":"{rows} rows exported.","log.empty":"No visits match.","log.time":"Time","log.reason":"Reason","log.method":"How","log.kind":"Pass","log.more":"More","log.pseudonymous":"Visitors are shown by their pseudonymous key, as the log stores them.","result.granted":"Entered","result.denied":"Denied","result.forced_entry":"Forced entry","result.door_held_open":"Door held open","result.remote_unlock":"Opened from the app","method.store_pass":"Store pass","method.provider":"Identity app","method.device":"Door device","method.owner":"Owner","method.free_entry":"Free entry","method.unknown":"Unknown","reason.empty":"Empty code","reason.too_long":"Code too long","reason.not_utf8":"Unreadable code","reason.malformed":"Not a valid code","reason.unsupported_version":"Code from a newer version","reason.bad_signature":"Forged or foreign code","reason.not_yet_valid":"Pass not valid yet","reason.expired":"Pass expired","reason.outside_hours":"Outside the pass's hours","reason.wrong_weekday":"Not on this weekday","reason.revoked":"Pass revoked","reason.used_up":"Pass used up","reason.unknown_pass":"Unknown pass","reason.provider_denied":"Refused by the identity app","reason.provider_unavailable":"Identity app unreachable","reason.provider_not_configured":"No identity app set up","reason.not_adult":"Adults only now","reason.door_closed":"The shop is closed","reason.banned":"Visitor banned","reason.rate_limited":"Too many tries","reason.unrecognised":"Code not recognised","reason.stale_scan":"Scan arrived too late","reason.storage_unavailable":"Log unavailable","camera.choose":"Camera","camera.none":"This store has no cameras yet. Add one in the integration's settings.","camera.no_picture":"No picture from this camera yet.","camera.reload_picture":"New picture","camera.draw_line":"Draw the counting line","camera.draw_line_hint":"Drag across the picture where people walk in and out. The arrow shows the way in.","camera.flip":"Swap in and out","camera.remove_line":"Remove line","camera.add_zone":"Add a zone","camera.zone_hint":"Tap the corners of the zone, then press Finish.","camera.finish_zone":"Finish zone","camera.cancel":"Cancel","camera.zones":"Zones","camera.zone_name":"Zone name","camera.zone_name_hint":"Small letters, digits, - and _ (for example shelf, till).","camera.ignore_hint":"A zone named ignore (or ignore2, ignore-tv…) is an ignore area, drawn in grey: people standing in it are not detected (use it for a mannequin, a poster, a TV). Fire and smoke are still watched there.","camera.remove_zone":"Remove","camera.save":"Save","camera.saved":"Saved. The camera counts with the new line and zones.","camera.unsaved":"Not saved yet.","camera.in":"IN","camera.live":"Live","camera.people":"People in view","camera.entries":"In today","camera.exits":"Out today","camera.unavailable":"The camera is not analysed right now.","camera.replay":"Check with a recorded clip","camera.replay_hint":"Plays a clip from the media folder once, against the line and zones drawn now (not saved).","camera.clip":"Clip","camera.find_clips":"Find clips","camera.no_clips":"No clips in the media folder.","camera.replay_run":"Replay","camera.replay_running":"Playing the clip…","camera.replay_result":"The clip counted {in} in and {out} out ({frames} frames analysed).","zone.shelf":"Shelf","zone.till":"Till","zone.entrance":"Entrance","zone.freezer":"Freezer","zone.storage":"Storage","zone.ignore":"Ignore area","pass.issue":"Issue a pass","pass.kind":"Kind","kind.member":"Member","kind.staff":"Staff","kind.delivery":"Delivery","kind.adult_verified":"Adult verified","pass.label":"Label (who it is for)","pass.valid_days":"Valid for (days)","pass.max_uses":"Number of entries (empty: no limit)","pass.weekdays":"Weekdays (none: every day)","pass.hours":"Hours (empty: all day)","pass.start":"From","pass.end":"To","pass.submit":"Issue","pass.issued":"Pass issued","pass.scan_hint":"Scan this code at the door.","pass.print":"Print","pass.send":"Send to a phone","pass.send_to":"Phone","pass.no_targets":"No phone is set up (install the Home Assistant app).","pass.sent":"Sent.","pass.list":"Passes","pass.show_revoked":"Show revoked","pass.none":"No passes yet.","pass.until":"until {date}","pass.uses":"{uses} entries","pass.uses_of":"{uses} of {max} entries","pass.show_qr":"QR","pass.revoke":"Revoke","pass.revoke_confirm":"Revoke this pass? It will never open the door again.","pass.revoked":"Revoked","pass.close":"Close","weekday.mon":"Mon","weekday.tue":"Tue","weekday.wed":"Wed","weekday.thu":"Thu","weekday.fri":"Fri","weekday.sat":"Sat","weekday.sun":"Sun","error.title":"Something went wrong","error.unknown":"Unexpected error: {message}","error.invalid_input":"Some of the input is not valid.","error.invalid_format":"Some of the input is not valid.","error.store_not_found":"This store is not loaded.","error.store_not_loaded":"This store is not loaded.","error.engine_unavailable":"The vision engine does not answer. Try again in a moment.","error.camera_not_found":"This camera no longer exists.","error.no_snapshot":"The camera has no picture yet.","error.invalid_point":"A point is not valid.","error.point_out_of_range":"A point lies outside the picture.","error.line_needs_two_points":"The line needs two points.","error.line_points_equal":"The line's two ends are the same point: drag further.","error.invalid_zone_name":'Zone name "{zone}" is not allowed: use small letters, digits, - and _.',"error.duplicate_zone":'Two zones are called "{zone}".',"error.zone_needs_three_points":'Zone "{zone}" needs at least three corners.',"error.no_stream_source":"The camera has no stream the engine can read.","error.engine_refused":"The vision engine refused the settings: {detail}","error.clip_not_allowed":"The clip must be in a media folder.","error.clip_not_found":"The clip was not found.","error.replay_failed":"The replay failed: {detail}","error.replay_timeout":"The clip took too long to play.","error.database_error":"The visitor log cannot be read right now.","error.pass_not_found":"This pass does not exist.","error.pass_revoked":"This pass was revoked.","error.target_not_found":"This phone is not set up.","error.invalid_hours":"Give both hours, and not the same one twice.","error.invalid_range":"The end must be after the start."},ko:{title:"무인점포",loading:"불러오는 중…",no_store:"아직 설정된 매장이 없습니다. 먼저 무인점포 통합 구성요소를 추가하세요.","tab.today":"오늘","tab.cameras":"카메라","tab.passes":"출입 패스",menu:"메뉴",store:"매장","today.granted":"입장","today.visitors":"방문자","today.denied":"거부","today.camera_entries":"카메라 입장 집계","today.people_in_shop":"지금 매장 안","today.denials":"오늘 문이 열리지 않은 이유","today.no_denials":"오늘 거부된 방문은 없습니다.","today.refresh":"새로 고침","log.title":"방문 기록","log.result":"결과","log.any_result":"모든 결과","log.visitor":"방문자 키","log.from":"시작","log.to":"끝","log.search":"검색","log.csv":"CSV 내보내기","log.csv_done":"{rows}건을 내보냈습니다.","log.empty":"해당하는 방문이 없습니다.","log.time":"시각","log.reason":"사유","log.method":"방법","log.kind":"패스","log.more":"더 보기","log.pseudonymous":"방문자는 기록에 저장된 그대로 가명 키로 표시됩니다.","result.granted":"입장","result.denied":"거부","result.forced_entry":"강제 출입","result.door_held_open":"문 열림 지속","result.remote_unlock":"앱에서 열림","method.store_pass":"매장 패스","method.provider":"본인 확인 앱","method.device":"출입 장치","method.owner":"점주","method.free_entry":"자유 출입","method.unknown":"알 수 없음","reason.empty":"빈 코드","reason.too_long":"코드가 너무 김","reason.not_utf8":"읽을 수 없는 코드","reason.malformed":"올바르지 않은 코드","reason.unsupported_version":"새 버전의 코드","reason.bad_signature":"위조되었거나 다른 매장의 코드","reason.not_yet_valid":"아직 유효하지 않은 패스","reason.expired":"기간이 지난 패스","reason.outside_hours":"패스 이용 시간이 아님","reason.wrong_weekday":"이용 요일이 아님","reason.revoked":"취소된 패스","reason.used_up":"이용 횟수를 다 쓴 패스","reason.unknown_pass":"알 수 없는 패스","reason.provider_denied":"본인 확인 앱이 거부함","reason.provider_unavailable":"본인 확인 앱에 연결할 수 없음","reason.provider_not_configured":"본인 확인 앱이 설정되지 않음","reason.not_adult":"지금은 성인만 출입 가능","reason.door_closed":"영업 시간이 아님","reason.banned":"출입 금지된 방문자","reason.rate_limited":"시도가 너무 많음","reason.unrecognised":"인식할 수 없는 코드","reason.stale_scan":"스캔이 너무 늦게 도착함","reason.storage_unavailable":"기록을 쓸 수 없음","camera.choose":"카메라","camera.none":"이 매장에는 아직 카메라가 없습니다. 통합 구성요소 설정에서 추가하세요.","camera.no_picture":"이 카메라의 화면이 아직 없습니다.","camera.reload_picture":"새 화면","camera.draw_line":"출입 집계선 그리기","camera.draw_line_hint":"사람이 드나드는 곳을 화면에서 끌어 선을 그으세요. 화살표가 들어오는 방향입니다.","camera.flip":"들어옴/나감 바꾸기","camera.remove_line":"선 지우기","camera.add_zone":"구역 추가","camera.zone_hint":"구역의 모서리를 차례로 누른 뒤 완료를 누르세요.","camera.finish_zone":"구역 완료","camera.cancel":"취소","camera.zones":"구역","camera.zone_name":"구역 이름","camera.zone_name_hint":"영문 소문자, 숫자, -, _ (예: shelf, till).","camera.ignore_hint":"이름이 ignore(또는 ignore2, ignore-tv 등)로 시작하는 구역은 무시 영역이며 회색으로 표시됩니다. 그 안에 서 있는 사람은 감지하지 않습니다(마네킹, 포스터, TV 등에 쓰세요). 화재와 연기는 그곳에서도 계속 감시합니다.","camera.remove_zone":"삭제","camera.save":"저장","camera.saved":"저장했습니다. 카메라가 새 선과 구역으로 집계합니다.","camera.unsaved":"아직 저장하지 않았습니다.","camera.in":"들어옴","camera.live":"실시간","camera.people":"화면 속 사람","camera.entries":"오늘 들어옴","camera.exits":"오늘 나감","camera.unavailable":"지금은 이 카메라를 분석하지 않습니다.","camera.replay":"녹화 영상으로 확인","camera.replay_hint":"미디어 폴더의 영상을 지금 그린 선과 구역으로 한 번 재생합니다(저장하지 않음).","camera.clip":"영상","camera.find_clips":"영상 찾기","camera.no_clips":"미디어 폴더에 영상이 없습니다.","camera.replay_run":"재생","camera.replay_running":"영상 재생 중…","camera.replay_result":"이 영상에서 들어옴 {in}명, 나감 {out}명을 셌습니다(분석한 프레임 {frames}개).","zone.shelf":"진열대","zone.till":"계산대","zone.entrance":"출입구","zone.freezer":"냉동고","zone.storage":"창고","zone.ignore":"무시 영역","pass.issue":"패스 발급","pass.kind":"종류","kind.member":"회원","kind.staff":"직원","kind.delivery":"배송","kind.adult_verified":"성인 인증","pass.label":"이름표 (누구의 패스인지)","pass.valid_days":"유효 기간 (일)","pass.max_uses":"출입 횟수 (비우면 제한 없음)","pass.weekdays":"요일 (선택 안 하면 매일)","pass.hours":"시간 (비우면 종일)","pass.start":"부터","pass.end":"까지","pass.submit":"발급","pass.issued":"패스를 발급했습니다","pass.scan_hint":"문 앞에서 이 코드를 스캔하세요.","pass.print":"인쇄","pass.send":"휴대폰으로 보내기","pass.send_to":"휴대폰","pass.no_targets":"설정된 휴대폰이 없습니다 (Home Assistant 앱을 설치하세요).","pass.sent":"보냈습니다.","pass.list":"패스 목록","pass.show_revoked":"취소된 패스 보기","pass.none":"아직 패스가 없습니다.","pass.until":"{date}까지","pass.uses":"{uses}회 출입","pass.uses_of":"{max}회 중 {uses}회 출입","pass.show_qr":"QR","pass.revoke":"취소","pass.revoke_confirm":"이 패스를 취소할까요? 다시는 문을 열 수 없습니다.","pass.revoked":"취소됨","pass.close":"닫기","weekday.mon":"월","weekday.tue":"화","weekday.wed":"수","weekday.thu":"목","weekday.fri":"금","weekday.sat":"토","weekday.sun":"일","error.title":"문제가 생겼습니다","error.unknown":"예기치 않은 오류: {message}","error.invalid_input":"입력 중 올바르지 않은 값이 있습니다.","error.invalid_format":"입력 중 올바르지 않은 값이 있습니다.","error.store_not_found":"이 매장이 불러와지지 않았습니다.","error.store_not_loaded":"이 매장이 불러와지지 않았습니다.","error.engine_unavailable":"영상 분석 엔진이 응답하지 않습니다. 잠시 후 다시 해 보세요.","error.camera_not_found":"이 카메라는 더 이상 없습니다.","error.no_snapshot":"카메라 화면이 아직 없습니다.","error.invalid_point":"올바르지 않은 점이 있습니다.","error.point_out_of_range":"화면 밖에 있는 점이 있습니다.","error.line_needs_two_points":"선에는 점 두 개가 필요합니다.","error.line_points_equal":"선의 두 끝이 같은 점입니다. 더 길게 끌어 주세요.","error.invalid_zone_name":'구역 이름 "{zone}"은(는) 쓸 수 없습니다. 영문 소문자, 숫자, -, _만 쓰세요.',"error.duplicate_zone":'"{zone}" 구역이 두 개입니다.',"error.zone_needs_three_points":'"{zone}" 구역에는 모서리가 세 개 이상 필요합니다.',"error.no_stream_source":"엔진이 읽을 수 있는 카메라 영상이 없습니다.","error.engine_refused":"영상 분석 엔진이 설정을 거부했습니다: {detail}","error.clip_not_allowed":"영상은 미디어 폴더에 있어야 합니다.","error.clip_not_found":"영상을 찾을 수 없습니다.","error.replay_failed":"재생에 실패했습니다: {detail}","error.replay_timeout":"영상 재생이 너무 오래 걸립니다.","error.database_error":"지금은 방문 기록을 읽을 수 없습니다.","error.pass_not_found":"이 패스는 없습니다.","error.pass_revoked":"취소된 패스입니다.","error.target_not_found":"이 휴대폰은 설정되어 있지 않습니다.","error.invalid_hours":"시작과 끝 시간을 모두, 서로 다르게 입력하세요.","error.invalid_range":"끝이 시작보다 뒤여야 합니다."}};var C="unmanned_store/panel";function z(n){return(n&&(n.locale&&n.locale.language||n.language)||"en").toLowerCase().startsWith("ko")?"ko":"en"}function c(n,e,s={}){return(m[n]&&m[n][e]||m.en[e]||e).replace(/\{(\w+)\}/g,(a,i)=>i in s?String(s[i]):`{${i}}`)}function _(n,e){return!!(m[n]&&m[n][e])}var D={"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"};function o(n){return String(n??"").replace(/[&<>"']/g,e=>D[e])}async function h(n,e,s,t={}){try{return await n.connection.sendMessagePromise({type:`${C}/${s}`,...t})}catch(a){throw new Error(A(e,a))}}function A(n,e){let s=e&&(e.translation_key||e.code)||"unknown",t={...e&&e.translation_placeholders||{},message:e&&e.message||String(e)};return _(n,`error.${s}`)?c(n,`error.${s}`,t):c(n,"error.unknown",t)}function b(n){if(/viewBox=/.test(n))return n;let e=/<svg[^>]*\swidth="([\d.]+)"/.exec(n),s=/<svg[^>]*\sheight="([\d.]+)"/.exec(n);return e&&s?n.replace("<svg",`<svg viewBox="0 0 ${e[1]} ${s[1]}"`):n}function E(n,e){return e?new Date(e).toLocaleString(n==="ko"?"ko-KR":"en-GB",{dateStyle:"short",timeStyle:"short"}):""}function f(n,e){return e?new Date(e).toLocaleDateString(n==="ko"?"ko-KR":"en-GB"):""}var v=`
  :host { display: block; color: var(--primary-text-color, #212121);
    background: var(--primary-background-color, #fafafa); min-height: 100vh;
    font-family: var(--paper-font-body1_-_font-family, system-ui, "Noto Sans CJK KR", sans-serif);
    font-size: 16px; }
  * { box-sizing: border-box; }
  header { display: flex; align-items: center; gap: 8px; padding: 0 12px; height: 56px;
    background: var(--app-header-background-color, var(--primary-color, #03a9f4));
    color: var(--app-header-text-color, #fff); position: sticky; top: 0; z-index: 2; }
  header h1 { font-size: 20px; font-weight: 500; margin: 0; flex: 1; overflow: hidden;
    text-overflow: ellipsis; white-space: nowrap; }
  header button.menu { background: none; border: 0; color: inherit; font-size: 24px; padding: 8px;
    min-width: 44px; min-height: 44px; cursor: pointer; }
  header select { font-size: 16px; max-width: 45%; }
  nav { display: flex; background: var(--card-background-color, #fff);
    border-bottom: 1px solid var(--divider-color, #ddd); position: sticky; top: 56px; z-index: 2; }
  nav button { flex: 1; border: 0; background: none; padding: 14px 8px; font-size: 17px;
    color: var(--secondary-text-color, #555); border-bottom: 3px solid transparent; cursor: pointer; }
  nav button[aria-selected="true"] { color: var(--primary-color, #03a9f4);
    border-bottom-color: var(--primary-color, #03a9f4); font-weight: 600; }
  main { padding: 12px; max-width: 1100px; margin: 0 auto; }
  .card { background: var(--card-background-color, #fff); border-radius: 12px; padding: 16px;
    margin-bottom: 12px; box-shadow: var(--ha-card-box-shadow, 0 1px 3px rgba(0,0,0,.15)); }
  .card h2 { font-size: 18px; margin: 0 0 12px; }
  .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px; }
  .figure { background: var(--secondary-background-color, #f2f2f2); border-radius: 10px;
    padding: 12px; text-align: center; }
  .figure .value { font-size: 32px; font-weight: 700; }
  .figure .label { font-size: 15px; color: var(--secondary-text-color, #555); }
  button.action, button.secondary, button.danger { font-size: 16px; min-height: 44px;
    padding: 8px 16px; border-radius: 8px; cursor: pointer; border: 1px solid transparent; }
  button.action { background: var(--primary-color, #03a9f4); color: #fff; }
  button.secondary { background: none; color: var(--primary-color, #03a9f4);
    border-color: var(--primary-color, #03a9f4); }
  button.danger { background: none; color: var(--error-color, #db4437);
    border-color: var(--error-color, #db4437); }
  button:disabled { opacity: .5; cursor: default; }
  .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
  label.field { display: flex; flex-direction: column; gap: 4px; font-size: 15px; flex: 1 1 160px; }
  input, select { font-size: 16px; padding: 8px; min-height: 44px; border-radius: 6px;
    border: 1px solid var(--divider-color, #bbb); background: var(--card-background-color, #fff);
    color: inherit; }
  .hint { font-size: 14px; color: var(--secondary-text-color, #555); margin: 4px 0; }
  .error { color: var(--error-color, #db4437); font-weight: 600; margin: 8px 0; }
  .ok { color: var(--success-color, #0f9d58); font-weight: 600; margin: 8px 0; }
  table { width: 100%; border-collapse: collapse; font-size: 15px; }
  th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--divider-color, #ddd); }
  .list-item { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 10px 0;
    border-bottom: 1px solid var(--divider-color, #ddd); }
  .list-item .grow { flex: 1 1 200px; }
  .chip { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 14px;
    background: var(--secondary-background-color, #eee); }
  .chip.denied { background: #fde7e9; color: #a50e0e; }
  .chip.granted { background: #e6f4ea; color: #137333; }
  @media (max-width: 600px) {
    main { padding: 8px; }
    .card { padding: 12px; }
    table.log thead { display: none; }
    table.log tr { display: block; padding: 8px 0; border-bottom: 1px solid var(--divider-color, #ddd); }
    table.log td { display: inline-block; border: 0; padding: 2px 6px; }
  }
`;var S=["shelf","till","entrance","freezer","storage","ignore"],T=["#ff9800","#9c27b0","#009688","#e91e63","#3f51b5","#8bc34a"],$="#9e9e9e",N="ignore";function y(n){return n.startsWith(N)}function w(n,e){return y(n.name)?$:T[e%T.length]}var R=n=>Math.round(Math.min(1,Math.max(0,n))*1e3)/1e3;function M(n,e,s,t,a=60){let i=(e[0]-n[0])*s,r=(e[1]-n[1])*t,l=Math.hypot(i,r)||1,u=r/l,d=-i/l,p=(n[0]+e[0])/2*s,g=(n[1]+e[1])/2*t;return{from:[p-u*a,g-d*a],to:[p+u*a,g+d*a]}}var k=class extends HTMLElement{constructor(){super(),this.attachShadow({mode:"open"}),this.line=null,this.zones=[],this.mode="idle",this.draft=[],this.drag=null,this.figures=null,this.message="",this.error="",this.size=[16,9],this.clips=null,this.dirty=!1}setup(e,s,t,a){let i=!this.camera||this.camera.id!==a.id||this.entryId!==t;this.hass=e,this.lang=s,this.entryId=t,i&&(this.camera=a,this.line=a.line?{p1:[...a.line.p1],p2:[...a.line.p2]}:null,this.zones=a.zones.map(r=>({name:r.name,polygon:r.polygon.map(l=>[...l])})),this.mode="idle",this.draft=[],this.dirty=!1,this.message="",this.error="",this.figures=null,this.image=null,this._subscribe(),this.loadPicture(),this.render())}disconnectedCallback(){this._unsubscribe()}_unsubscribe(){this._unsub&&(this._unsub.then(e=>e()).catch(()=>{}),this._unsub=null)}_subscribe(){this._unsubscribe(),this._unsub=this.hass.connection.subscribeMessage(e=>{this.figures=e,this.renderFigures()},{type:"unmanned_store/panel/camera/subscribe",entry_id:this.entryId,camera_id:this.camera.id}),this._unsub.catch(()=>{})}async loadPicture(){try{let e=await h(this.hass,this.lang,"camera/snapshot",{entry_id:this.entryId,camera_id:this.camera.id});this.image=`data:${e.content_type};base64,${e.image}`,this.pictureError=""}catch(e){this.image=null,this.pictureError=e.message}this.render()}_point(e){let s=this.shadowRoot.querySelector("svg").getBoundingClientRect();return[R((e.clientX-s.left)/s.width),R((e.clientY-s.top)/s.height)]}_down(e){let s=e.target.closest("[data-handle]"),t=this.shadowRoot.querySelector("svg");if(s&&this.mode==="idle"){this.drag=s.dataset.handle,t.setPointerCapture(e.pointerId),e.preventDefault();return}if(this.mode==="line"){let a=this._point(e);this.line={p1:a,p2:a},this.drag="line:p2",t.setPointerCapture(e.pointerId),e.preventDefault()}else this.mode==="zone"&&(this.draft.push(this._point(e)),this.renderDrawing(),e.preventDefault())}_move(e){if(!this.drag)return;let s=this._point(e),[t,a,i]=this.drag.split(":");t==="line"&&this.line?this.line[a]=s:t==="zone"&&(this.zones[Number(a)].polygon[Number(i)]=s),this.dirty=!0,this.renderDrawing()}_up(){if(!this.drag)return;let e=this.drag==="line:p2"&&this.mode==="line";this.drag=null,this.dirty=!0,e?(this.mode="idle",this.render()):this.renderDrawing()}_startLine(){this.mode=this.mode==="line"?"idle":"line",this.render()}_flip(){this.line&&(this.line={p1:this.line.p2,p2:this.line.p1},this.dirty=!0,this.render())}_removeLine(){this.line=null,this.dirty=!0,this.render()}_startZone(){this.mode="zone",this.draft=[],this.render()}_finishZone(){if(this.draft.length>=3){let e=new Set(this.zones.map(t=>t.name)),s=S.find(t=>!e.has(t)&&!y(t))||`zone${this.zones.length+1}`;this.zones.push({name:s,polygon:this.draft}),this.dirty=!0}this.draft=[],this.mode="idle",this.render()}_cancel(){this.draft=[],this.mode="idle",this.render()}async _save(){this.error="",this.message="",this.saving=!0,this.render();try{let e=await h(this.hass,this.lang,"camera/save",{entry_id:this.entryId,camera_id:this.camera.id,line:this.line,zones:this.zones});this.camera=e.camera,this.dirty=!1,this.message=c(this.lang,"camera.saved"),this.dispatchEvent(new CustomEvent("camera-saved",{detail:e.camera,bubbles:!0,composed:!0}))}catch(e){this.error=e.message}this.saving=!1,this.render()}async _loadClips(){try{this.clips=(await h(this.hass,this.lang,"camera/clips")).clips}catch(e){this.clips=[],this.replayError=e.message}this.render()}async _replay(){let e=this.shadowRoot.querySelector("#clip").value;this.replayResult="",this.replayError="",this.replaying=!0,this.render();try{let s=await h(this.hass,this.lang,"camera/replay",{entry_id:this.entryId,camera_id:this.camera.id,clip:e,line:this.line,zones:this.zones});this.replayResult=c(this.lang,"camera.replay_result",s)}catch(s){this.replayError=s.message}this.replaying=!1,this.render()}_zoneLabel(e){let s=y(e)?"zone.ignore":`zone.${e}`;return _(this.lang,s)?`${c(this.lang,s)} (${e})`:e}drawingSvg(){let[e,s]=[1e3,Math.round(1e3*this.size[1]/this.size[0])],t=i=>i.map(([r,l])=>`${r*e},${l*s}`).join(" "),a="";if(this.zones.forEach((i,r)=>{let l=w(i,r);a+=y(i.name)?`<polygon class="zone ignore" points="${t(i.polygon)}" fill="url(#ignore-hatch)" stroke="${l}" stroke-width="4" stroke-dasharray="14 8"/>`:`<polygon class="zone" points="${t(i.polygon)}" fill="${l}" fill-opacity="0.25" stroke="${l}" stroke-width="4"/>`;let[u,d]=i.polygon[0];a+=`<text x="${u*e+8}" y="${d*s+30}" fill="#fff" stroke="#000" stroke-width="1" font-size="30" font-weight="700">${o(this._zoneLabel(i.name))}</text>`,i.polygon.forEach(([p,g],q)=>{a+=`<circle data-handle="zone:${r}:${q}" cx="${p*e}" cy="${g*s}" r="16" fill="${l}" stroke="#fff" stroke-width="4"/>`})}),this.draft.length&&(a+=`<polyline points="${t(this.draft)}" fill="none" stroke="#ffeb3b" stroke-width="4" stroke-dasharray="12 8"/>`,this.draft.forEach(([i,r])=>{a+=`<circle cx="${i*e}" cy="${r*s}" r="12" fill="#ffeb3b"/>`})),this.line){let{p1:i,p2:r}=this.line;if(a+=`<line x1="${i[0]*e}" y1="${i[1]*s}" x2="${r[0]*e}" y2="${r[1]*s}" stroke="#00e5ff" stroke-width="8" stroke-linecap="round"/>`,i[0]!==r[0]||i[1]!==r[1]){let l=M(i,r,e,s,70);a+=`<line class="in-arrow" x1="${l.from[0]}" y1="${l.from[1]}" x2="${l.to[0]}" y2="${l.to[1]}" stroke="#76ff03" stroke-width="10" marker-end="url(#head)"/>`,a+=`<text x="${l.to[0]+12}" y="${l.to[1]+12}" fill="#76ff03" stroke="#000" stroke-width="1.5" font-size="40" font-weight="800">${o(c(this.lang,"camera.in"))}</text>`}a+=`<circle data-handle="line:p1" cx="${i[0]*e}" cy="${i[1]*s}" r="20" fill="#00e5ff" stroke="#fff" stroke-width="4"/>`,a+=`<circle data-handle="line:p2" cx="${r[0]*e}" cy="${r[1]*s}" r="20" fill="#00e5ff" stroke="#fff" stroke-width="4"/>`}return`<defs><marker id="head" markerWidth="4" markerHeight="4" refX="2" refY="2" orient="auto"><path d="M0,0 L4,2 L0,4 z" fill="#76ff03"/></marker>
      <pattern id="ignore-hatch" width="20" height="20" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="20" height="20" fill="${$}" fill-opacity="0.2"/><line x1="0" y1="0" x2="0" y2="20" stroke="${$}" stroke-width="8" stroke-opacity="0.6"/></pattern></defs>${a}`}renderDrawing(){let e=this.shadowRoot.querySelector("svg");e&&(e.innerHTML=this.drawingSvg());let s=this.shadowRoot.querySelector("#dirty");s&&(s.textContent=this.dirty?c(this.lang,"camera.unsaved"):"")}renderFigures(){let e=this.shadowRoot.querySelector("#figures");if(!e)return;let s=this.figures;if(!s){e.innerHTML="";return}let t=i=>o(c(this.lang,i)),a=Object.entries(s.zones||{}).map(([i,r])=>`<div class="figure"><div class="value">${r}</div><div class="label">${o(this._zoneLabel(i))}</div></div>`).join("");e.innerHTML=`
      ${s.available?"":`<p class="hint">${t("camera.unavailable")}</p>`}
      <div class="figures">
        <div class="figure"><div class="value" id="people">${s.people??"–"}</div><div class="label">${t("camera.people")}</div></div>
        <div class="figure"><div class="value" id="entries">${s.entries_today}</div><div class="label">${t("camera.entries")}</div></div>
        <div class="figure"><div class="value" id="exits">${s.exits_today}</div><div class="label">${t("camera.exits")}</div></div>
        ${a}
      </div>`}render(){let e=(d,p)=>o(c(this.lang,d,p)),s=this.zones.map((d,p)=>`
        <div class="list-item">
          <span class="swatch" style="background:${w(d,p)}"></span>
          <label class="field grow">${e("camera.zone_name")}
            <input class="zone-name" data-index="${p}" value="${o(d.name)}" list="zone-presets" autocomplete="off">
          </label>
          <button class="danger remove-zone" data-index="${p}">${e("camera.remove_zone")}</button>
        </div>`).join(""),t=S.map(d=>`<option value="${d}">${o(c(this.lang,`zone.${d}`))}</option>`).join(""),a=this.clips===null?"":this.clips.length===0?`<p class="hint">${e("camera.no_clips")}</p>`:`<div class="row"><label class="field grow">${e("camera.clip")}<select id="clip">${this.clips.map(d=>`<option value="${o(d.path)}">${o(d.name)}</option>`).join("")}</select></label>
             <button class="secondary" id="replay" ${this.replaying?"disabled":""}>${e("camera.replay_run")}</button></div>`,i=this.mode==="line"?e("camera.draw_line_hint"):this.mode==="zone"?e("camera.zone_hint"):"";this.shadowRoot.innerHTML=`
      <style>${v}
        :host { min-height: 0; background: none; }
        .stage { position: relative; width: 100%; background: #222; border-radius: 8px; overflow: hidden;
          touch-action: none; user-select: none; }
        .stage img { display: block; width: 100%; height: auto; }
        .stage .empty { color: #eee; padding: 48px 16px; text-align: center; }
        .stage svg { position: absolute; inset: 0; width: 100%; height: 100%; cursor: crosshair; }
        .stage svg [data-handle] { cursor: grab; }
        .swatch { width: 20px; height: 20px; border-radius: 4px; display: inline-block; }
        .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); gap: 12px; }
        @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
      </style>
      <div class="layout">
        <div>
          <div class="stage" data-mode="${this.mode}">
            ${this.image?`<img id="picture" src="${this.image}" alt="">`:`<div class="empty">${o(this.pictureError||c(this.lang,"camera.no_picture"))}</div>`}
            <svg viewBox="0 0 1000 ${Math.round(1e3*this.size[1]/this.size[0])}" preserveAspectRatio="none">${this.drawingSvg()}</svg>
          </div>
          ${i?`<p class="hint" id="mode-hint">${i}</p>`:""}
          <div class="row">
            <button class="${this.mode==="line"?"action":"secondary"}" id="draw-line">${e("camera.draw_line")}</button>
            <button class="secondary" id="flip" ${this.line?"":"disabled"}>${e("camera.flip")}</button>
            <button class="secondary" id="remove-line" ${this.line?"":"disabled"}>${e("camera.remove_line")}</button>
          </div>
          <div class="row">
            ${this.mode==="zone"?`<button class="action" id="finish-zone">${e("camera.finish_zone")}</button>
                   <button class="secondary" id="cancel">${e("camera.cancel")}</button>`:`<button class="secondary" id="add-zone">${e("camera.add_zone")}</button>`}
            <button class="secondary" id="reload-picture">${e("camera.reload_picture")}</button>
          </div>
        </div>
        <div>
          <div class="card">
            <h2>${e("camera.live")}</h2>
            <div id="figures"></div>
          </div>
          <div class="card">
            <h2>${e("camera.zones")}</h2>
            <p class="hint">${e("camera.zone_name_hint")}</p>
            <p class="hint" id="ignore-hint">${e("camera.ignore_hint")}</p>
            <datalist id="zone-presets">${t}</datalist>
            ${s}
            <div class="row">
              <button class="action" id="save" ${this.saving?"disabled":""}>${e("camera.save")}</button>
              <span class="hint" id="dirty">${this.dirty?e("camera.unsaved"):""}</span>
            </div>
            ${this.message?`<p class="ok" id="saved">${o(this.message)}</p>`:""}
            ${this.error?`<p class="error" id="save-error">${o(this.error)}</p>`:""}
          </div>
          <div class="card">
            <h2>${e("camera.replay")}</h2>
            <p class="hint">${e("camera.replay_hint")}</p>
            ${this.clips===null?`<button class="secondary" id="load-clips">${e("camera.find_clips")}</button>`:a}
            ${this.replaying?`<p class="hint">${e("camera.replay_running")}</p>`:""}
            ${this.replayResult?`<p class="ok" id="replay-result">${o(this.replayResult)}</p>`:""}
            ${this.replayError?`<p class="error">${o(this.replayError)}</p>`:""}
          </div>
        </div>
      </div>`;let r=d=>this.shadowRoot.querySelector(d),l=r("svg");l.addEventListener("pointerdown",d=>this._down(d)),l.addEventListener("pointermove",d=>this._move(d)),l.addEventListener("pointerup",()=>this._up()),l.addEventListener("pointercancel",()=>this._up());let u=r("#picture");u&&u.addEventListener("load",()=>{let d=[u.naturalWidth||16,u.naturalHeight||9];(d[0]!==this.size[0]||d[1]!==this.size[1])&&(this.size=d,l.setAttribute("viewBox",`0 0 1000 ${Math.round(1e3*d[1]/d[0])}`),this.renderDrawing())}),r("#draw-line").addEventListener("click",()=>this._startLine()),r("#flip").addEventListener("click",()=>this._flip()),r("#remove-line").addEventListener("click",()=>this._removeLine()),r("#reload-picture").addEventListener("click",()=>this.loadPicture()),r("#add-zone")?.addEventListener("click",()=>this._startZone()),r("#finish-zone")?.addEventListener("click",()=>this._finishZone()),r("#cancel")?.addEventListener("click",()=>this._cancel()),r("#save").addEventListener("click",()=>this._save()),r("#load-clips")?.addEventListener("click",()=>this._loadClips()),r("#replay")?.addEventListener("click",()=>this._replay()),this.shadowRoot.querySelectorAll("input.zone-name").forEach(d=>d.addEventListener("input",()=>{let p=Number(d.dataset.index);this.zones[p].name=d.value.trim(),d.closest(".list-item").querySelector(".swatch").style.background=w(this.zones[p],p),this.dirty=!0,this.renderDrawing()})),this.shadowRoot.querySelectorAll("button.remove-zone").forEach(d=>d.addEventListener("click",()=>{this.zones.splice(Number(d.dataset.index),1),this.dirty=!0,this.render()})),this.renderFigures()}};customElements.get("unmanned-store-camera-editor")||customElements.define("unmanned-store-camera-editor",k);var x=class extends HTMLElement{static async generate(e,s){let t=s.locale&&s.locale.language||s.language;return{views:(await s.connection.sendMessagePromise({type:"unmanned_store/panel/dashboard",language:t})).views}}};customElements.get("ll-strategy-dashboard-unmanned-store")||customElements.define("ll-strategy-dashboard-unmanned-store",x);var j=["today","cameras","passes"],O=["member","staff","delivery","adult_verified"],I=["mon","tue","wed","thu","fri","sat","sun"],F=["granted","denied","forced_entry","door_held_open","remote_unlock"],L=class extends HTMLElement{constructor(){super(),this.attachShadow({mode:"open"}),this.tab="today",this.stores=null,this.entryId=null,this.cameraId=null,this.today=null,this.visits=null,this.filters={},this.passes=null,this.issued=null,this.targets=null,this.includeRevoked=!1,this.form={kind:"member",label:"",days:"30",uses:"",weekdays:[],start:"",end:""}}set hass(e){let s=!this._hass;this._hass=e;let t=z(e);(s||t!==this.lang)&&(this.lang=t,s?this.load():this.render())}get hass(){return this._hass}set narrow(e){this._narrow=e}set panel(e){}set route(e){}L(e,s){return o(c(this.lang,e,s))}async load(){this.render();try{this.stores=(await h(this.hass,this.lang,"stores")).stores}catch(e){this.stores=[],this.error=e.message}this.stores.length&&!this.stores.some(e=>e.entry_id===this.entryId)&&(this.entryId=this.stores[0].entry_id),this.render(),this.openTab(this.tab)}get store(){return(this.stores||[]).find(e=>e.entry_id===this.entryId)}openTab(e){this.tab=e,this.error="",this.render(),this.store&&(e==="today"&&this.loadToday(),e==="passes"&&this.loadPasses())}async loadToday(){try{this.today=await h(this.hass,this.lang,"today",{entry_id:this.entryId})}catch(e){this.error=e.message}await this.loadVisits()}_filterData(){let e={entry_id:this.entryId};for(let[s,t]of Object.entries(this.filters))t&&(e[s]=t);for(let s of["start","end"])e[s]&&(e[s]=new Date(e[s]).toISOString());return e}async loadVisits(){try{this.visits=(await h(this.hass,this.lang,"visits",{...this._filterData(),limit:200})).visits}catch(e){this.error=e.message}this.tab==="today"&&this.render()}async exportCsv(){try{let e=await h(this.hass,this.lang,"visits/csv",this._filterData()),s=new Blob(["\uFEFF",e.csv],{type:"text/csv;charset=utf-8"}),t=document.createElement("a");t.href=URL.createObjectURL(s),t.download=`visits-${new Date().toISOString().slice(0,10)}.csv`,document.body.appendChild(t),t.click(),t.remove(),this.notice=c(this.lang,"log.csv_done",{rows:e.rows})}catch(e){this.error=e.message}this.render()}renderToday(){let e=this.today,s=(r,l,u)=>`<div class="figure"><div class="value" id="${r}">${l??"–"}</div><div class="label">${this.L(u)}</div></div>`,t=e?e.denials.length===0?`<p class="hint">${this.L("today.no_denials")}</p>`:`<div id="denials">${e.denials.map(r=>`<div class="list-item"><span class="grow">${this.L(`reason.${r.reason}`)}</span><span class="chip denied">${r.count}</span></div>`).join("")}</div>`:"",a=(this.visits||[]).map(r=>`<tr class="visit">
          <td>${o(E(this.lang,r.time))}</td>
          <td><span class="chip ${r.result==="granted"?"granted":r.result==="denied"?"denied":""}">${this.L(`result.${r.result}`)}</span></td>
          <td>${r.reason?this.L(`reason.${r.reason}`):""}</td>
          <td>${this.L(`method.${r.method}`)}${r.pass_kind?` · ${this.L(`kind.${r.pass_kind}`)}`:""}</td>
          <td><code>${o((r.visitor||"").slice(0,12))}</code></td>
        </tr>`).join(""),i=this.filters;return`
      <div class="card">
        <h2>${this.L("tab.today")}</h2>
        <div class="figures">
          ${s("granted",e?.granted,"today.granted")}
          ${s("visitors",e?.visitors,"today.visitors")}
          ${s("denied",e?.denied,"today.denied")}
          ${s("camera-entries",e?.camera_entries,"today.camera_entries")}
          ${s("people-in-shop",e?.people_in_shop,"today.people_in_shop")}
        </div>
        <div class="row"><button class="secondary" id="refresh">${this.L("today.refresh")}</button></div>
      </div>
      <div class="card">
        <h2>${this.L("today.denials")}</h2>
        ${t}
      </div>
      <div class="card">
        <h2>${this.L("log.title")}</h2>
        <div class="row">
          <label class="field">${this.L("log.result")}
            <select id="f-result"><option value="">${this.L("log.any_result")}</option>
              ${F.map(r=>`<option value="${r}" ${i.result===r?"selected":""}>${this.L(`result.${r}`)}</option>`).join("")}
            </select></label>
          <label class="field">${this.L("log.visitor")}<input id="f-visitor" value="${o(i.visitor||"")}"></label>
          <label class="field">${this.L("log.from")}<input id="f-start" type="datetime-local" value="${o(i.start||"")}"></label>
          <label class="field">${this.L("log.to")}<input id="f-end" type="datetime-local" value="${o(i.end||"")}"></label>
        </div>
        <div class="row">
          <button class="action" id="search">${this.L("log.search")}</button>
          <button class="secondary" id="csv">${this.L("log.csv")}</button>
        </div>
        <p class="hint">${this.L("log.pseudonymous")}</p>
        ${this.visits&&this.visits.length===0?`<p class="hint">${this.L("log.empty")}</p>`:`<table class="log"><thead><tr><th>${this.L("log.time")}</th><th>${this.L("log.result")}</th><th>${this.L("log.reason")}</th><th>${this.L("log.method")}</th><th>${this.L("log.visitor")}</th></tr></thead><tbody>${a}</tbody></table>`}
      </div>`}bindToday(){let e=t=>this.shadowRoot.querySelector(t);e("#refresh").addEventListener("click",()=>this.loadToday());let s=()=>{this.filters={result:e("#f-result").value,visitor:e("#f-visitor").value.trim(),start:e("#f-start").value,end:e("#f-end").value}};e("#search").addEventListener("click",()=>{s(),this.loadVisits()}),e("#csv").addEventListener("click",()=>{s(),this.exportCsv()})}renderCameras(){let e=this.store?this.store.cameras:[];return e.length?(e.some(s=>s.id===this.cameraId)||(this.cameraId=e[0].id),`
      <div class="row" role="tablist">
        ${e.map(s=>`<button class="${s.id===this.cameraId?"action":"secondary"} camera-choice" data-camera="${o(s.id)}">${o(s.name)}</button>`).join("")}
      </div>
      <unmanned-store-camera-editor></unmanned-store-camera-editor>`):`<div class="card"><p>${this.L("camera.none")}</p></div>`}bindCameras(){this.shadowRoot.querySelectorAll(".camera-choice").forEach(s=>s.addEventListener("click",()=>{this.cameraId=s.dataset.camera,this.render()}));let e=this.shadowRoot.querySelector("unmanned-store-camera-editor");if(e){this._editor&&this._editor!==e&&this._editor.disconnectedCallback?.();let s=this.store.cameras.find(t=>t.id===this.cameraId);e.setup(this.hass,this.lang,this.entryId,s),e.addEventListener("camera-saved",t=>{let a=this.store.cameras.findIndex(i=>i.id===t.detail.id);a>=0&&(this.store.cameras[a]=t.detail)})}}async loadPasses(){let e=this._passesAsked=(this._passesAsked||0)+1;try{let s=(await h(this.hass,this.lang,"pass/list",{entry_id:this.entryId,include_revoked:this.includeRevoked})).passes;if(e<(this._passesShown||0))return;this._passesShown=e,this.passes=s,this.targets===null&&(this.targets=(await h(this.hass,this.lang,"notify_targets")).targets)}catch(s){this.error=s.message}this.tab==="passes"&&this.render()}async issuePass(){let e=this.form,s={entry_id:this.entryId,kind:e.kind,label:e.label.trim(),valid_days:Number(e.days||30)};e.uses&&(s.max_uses=Number(e.uses)),e.weekdays.length&&(s.weekdays=I.filter(t=>e.weekdays.includes(t))),(e.start||e.end)&&(s.start_time=e.start,s.end_time=e.end),this.error="";try{let t=await h(this.hass,this.lang,"pass/issue",s);this.issued={...t,label:s.label},this.notice="",this.form={...this.form,label:"",uses:"",weekdays:[],start:"",end:""}}catch(t){this.error=t.message}await this.loadPasses(),this.render()}async showQr(e){try{let s=await h(this.hass,this.lang,"pass/qr",{entry_id:this.entryId,pass_id:e}),t=(this.passes||[]).find(a=>a.pass_id===e)||{};this.issued={...s,label:t.label,kind:t.kind,valid_until:t.valid_until},this.notice=""}catch(s){this.error=s.message}this.render(),this.shadowRoot.querySelector("#issued")?.scrollIntoView({block:"start"})}async revoke(e){if(window.confirm(c(this.lang,"pass.revoke_confirm"))){try{await h(this.hass,this.lang,"pass/revoke",{entry_id:this.entryId,pass_id:e}),this.issued&&this.issued.pass_id===e&&(this.issued=null)}catch(s){this.error=s.message}await this.loadPasses()}}async sendPass(){let e=this.shadowRoot.querySelector("#send-target").value;try{await h(this.hass,this.lang,"pass/send",{entry_id:this.entryId,pass_id:this.issued.pass_id,target:e}),this.notice=c(this.lang,"pass.sent")}catch(s){this.error=s.message}this.render()}printPass(){let e=document.createElement("iframe");e.style.cssText="position:fixed;width:0;height:0;border:0;",document.body.appendChild(e);let s=e.contentDocument;s.open(),s.write(`<!doctype html><meta charset="utf-8"><title>${o(this.store.name)}</title>
      <style>body{font-family:sans-serif;text-align:center}svg{width:12cm;height:12cm}</style>
      <h1>${o(this.store.name)}</h1><h2>${o(this.issued.label||"")}</h2>${b(this.issued.qr_svg)}
      <p>${o(c(this.lang,`kind.${this.issued.kind}`))} · ${o(c(this.lang,"pass.until",{date:f(this.lang,this.issued.valid_until)}))}</p>`),s.close(),e.contentWindow.focus(),e.contentWindow.print(),setTimeout(()=>e.remove(),6e4)}renderIssued(){let e=this.issued;if(!e)return"";let s=this.targets||[];return`
      <div class="card" id="issued">
        <h2>${this.L("pass.issued")}${e.label?`: ${o(e.label)}`:""}</h2>
        <div class="qr" id="qr">${b(e.qr_svg)}</div>
        <p class="hint">${this.L("pass.scan_hint")}</p>
        <p>${e.kind?this.L(`kind.${e.kind}`):""} · ${this.L("pass.until",{date:f(this.lang,e.valid_until)})}</p>
        <p class="code"><code id="pass-code">${o(e.code)}</code></p>
        <div class="row">
          <button class="secondary" id="print">${this.L("pass.print")}</button>
          <button class="secondary" id="close-qr">${this.L("pass.close")}</button>
        </div>
        ${s.length?`<div class="row"><label class="field grow">${this.L("pass.send_to")}
                 <select id="send-target">${s.map(t=>`<option value="${o(t)}">${o(t)}</option>`).join("")}</select></label>
               <button class="action" id="send">${this.L("pass.send")}</button></div>`:`<p class="hint">${this.L("pass.no_targets")}</p>`}
      </div>`}renderPasses(){let e=this.form,s=this.passes||[],t=s.length?s.map(a=>{let i=a.max_uses==null?this.L("pass.uses",{uses:a.uses}):this.L("pass.uses_of",{uses:a.uses,max:a.max_uses}),r=a.weekdays?a.weekdays.map(u=>this.L(`weekday.${u}`)).join(" "):"",l=a.hours?`${o(a.hours[0])}–${o(a.hours[1])}`:"";return`<div class="list-item pass" data-pass="${o(a.pass_id)}">
              <div class="grow"><strong>${o(a.label||a.pass_id)}</strong>
                <div class="hint">${a.kind?this.L(`kind.${a.kind}`):""} · ${this.L("pass.until",{date:f(this.lang,a.valid_until)})} · ${i} ${r} ${l}</div></div>
              ${a.revoked?`<span class="chip denied">${this.L("pass.revoked")}</span>`:`<button class="secondary show-qr" data-pass="${o(a.pass_id)}">${this.L("pass.show_qr")}</button>
                     <button class="danger revoke" data-pass="${o(a.pass_id)}">${this.L("pass.revoke")}</button>`}
            </div>`}).join(""):`<p class="hint">${this.L("pass.none")}</p>`;return`
      ${this.renderIssued()}
      <div class="card">
        <h2>${this.L("pass.issue")}</h2>
        <div class="row">
          <label class="field">${this.L("pass.kind")}<select id="p-kind" data-field="kind">${O.map(a=>`<option value="${a}" ${e.kind===a?"selected":""}>${this.L(`kind.${a}`)}</option>`).join("")}</select></label>
          <label class="field">${this.L("pass.label")}<input id="p-label" data-field="label" maxlength="64" value="${o(e.label)}"></label>
        </div>
        <div class="row">
          <label class="field">${this.L("pass.valid_days")}<input id="p-days" data-field="days" type="number" min="1" max="366" value="${o(e.days)}"></label>
          <label class="field">${this.L("pass.max_uses")}<input id="p-uses" data-field="uses" type="number" min="1" max="10000" value="${o(e.uses)}"></label>
        </div>
        <fieldset class="row" style="border:0;padding:0"><legend class="hint">${this.L("pass.weekdays")}</legend>
          ${I.map(a=>`<label class="chip"><input type="checkbox" class="weekday" value="${a}" style="min-height:0" ${e.weekdays.includes(a)?"checked":""}> ${this.L(`weekday.${a}`)}</label>`).join("")}
        </fieldset>
        <div class="row"><span class="hint">${this.L("pass.hours")}</span></div>
        <div class="row">
          <label class="field">${this.L("pass.start")}<input id="p-start" data-field="start" type="time" value="${o(e.start)}"></label>
          <label class="field">${this.L("pass.end")}<input id="p-end" data-field="end" type="time" value="${o(e.end)}"></label>
        </div>
        <div class="row"><button class="action" id="issue">${this.L("pass.submit")}</button></div>
      </div>
      <div class="card">
        <h2>${this.L("pass.list")}</h2>
        <label class="row"><input type="checkbox" id="show-revoked" style="min-height:0" ${this.includeRevoked?"checked":""}> ${this.L("pass.show_revoked")}</label>
        <div id="passes">${t}</div>
      </div>`}bindPasses(){let e=s=>this.shadowRoot.querySelector(s);this.shadowRoot.querySelectorAll("[data-field]").forEach(s=>s.addEventListener("input",()=>{this.form[s.dataset.field]=s.value})),this.shadowRoot.querySelectorAll("input.weekday").forEach(s=>s.addEventListener("change",()=>{let t=new Set(this.form.weekdays);s.checked?t.add(s.value):t.delete(s.value),this.form.weekdays=[...t]})),e("#issue").addEventListener("click",()=>this.issuePass()),e("#print")?.addEventListener("click",()=>this.printPass()),e("#send")?.addEventListener("click",()=>this.sendPass()),e("#close-qr")?.addEventListener("click",()=>{this.issued=null,this.render()}),e("#show-revoked").addEventListener("change",s=>{this.includeRevoked=s.target.checked,this.loadPasses()}),this.shadowRoot.querySelectorAll("button.show-qr").forEach(s=>s.addEventListener("click",()=>this.showQr(s.dataset.pass))),this.shadowRoot.querySelectorAll("button.revoke").forEach(s=>s.addEventListener("click",()=>this.revoke(s.dataset.pass)))}render(){if(!this.lang)return;let e=this.store,s;this.stores===null?s=`<p>${this.L("loading")}</p>`:e?this.tab==="today"?s=this.renderToday():this.tab==="cameras"?s=this.renderCameras():s=this.renderPasses():s=`<div class="card"><p>${this.L("no_store")}</p></div>`;let t=this.stores&&this.stores.length>1?`<select id="store" aria-label="${this.L("store")}">${this.stores.map(i=>`<option value="${o(i.entry_id)}" ${i.entry_id===this.entryId?"selected":""}>${o(i.name)}</option>`).join("")}</select>`:"";this.shadowRoot.innerHTML=`
      <style>${v}
        .qr { display: flex; justify-content: center; background: #fff; padding: 8px; border-radius: 8px; }
        .qr svg { width: min(86vw, 420px); height: min(86vw, 420px); }
        .code { overflow-wrap: anywhere; font-size: 12px; color: var(--secondary-text-color, #555); }
      </style>
      <header>
        <button class="menu" id="menu" aria-label="${this.L("menu")}">☰</button>
        <h1>${o(e?e.name:c(this.lang,"title"))}</h1>
        ${t}
      </header>
      <nav role="tablist">
        ${j.map(i=>`<button role="tab" data-tab="${i}" aria-selected="${i===this.tab}">${this.L(`tab.${i}`)}</button>`).join("")}
      </nav>
      <main>
        ${this.error?`<div class="card error" id="error">${o(this.error)}</div>`:""}
        ${this.notice?`<div class="card ok" id="notice">${o(this.notice)}</div>`:""}
        ${s}
      </main>`;let a=i=>this.shadowRoot.querySelector(i);a("#menu").addEventListener("click",()=>this.dispatchEvent(new Event("hass-toggle-menu",{bubbles:!0,composed:!0}))),a("#store")?.addEventListener("change",i=>{this.entryId=i.target.value,this.today=null,this.visits=null,this.passes=null,this.issued=null,this.openTab(this.tab)}),this.shadowRoot.querySelectorAll("nav button").forEach(i=>i.addEventListener("click",()=>{this.notice="",this.openTab(i.dataset.tab)})),e&&(this.tab==="today"?this.bindToday():this.tab==="cameras"?this.bindCameras():this.bindPasses())}};customElements.get("unmanned-store-panel")||customElements.define("unmanned-store-panel",L);
