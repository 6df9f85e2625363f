//! The five pages' rules, as read from the vendor pages (../shared/seeds) and the protocol
//! notes, written for this test server without looking at the reference mock. Where the pages
//! are silent this server decides on its own, and differently from the mock where a reading
//! allows: it checks an application's status before its day, a card before the member's name,
//! refuses a SUSPEND of a suspended card (and a RESUME of an active one), pre-issues a mobile
//! card with every reissue (so the reissue is listed for linking), and keeps a card reissued
//! even when its reissue's application is cancelled.

use chrono::Duration;
use serde_json::{Value, json};

use super::Defect;
use super::wire::{Answer, Fields, Invalid, refuse, success};
use super::world::{Application, Card, State, World, today};

/// The statuses in which an application may still be cancelled.
const CANCELLABLE: &[&str] = &["READY", "COST_PAYING", "COST_PAID", "DIGITAL_ISSUED"];

/// One request to one page.
pub fn handle(
    path: &str,
    body: &Value,
    w: &mut World,
    defect: Option<Defect>,
) -> Result<Answer, Invalid> {
    let f = Fields(body);
    match path {
        "/api/v1/card/delivery/inquiry" => inquiry(&f, w),
        "/api/v1/issued-cards/pre-issue/waiting/physical" => pre_issue(&f, w),
        "/api/v1/card/status" => status(&f, w, defect),
        "/api/v1/prepay-card/expired/reissue" => reissue(&f, w, defect),
        "/api/v1/card/delivery/cancel" => cancel(&f, w, defect),
        _ => Err(Invalid("path".into())),
    }
}

/// Search for Card Delivery Status: the delivery status of one of the member's applications.
fn inquiry(f: &Fields, w: &World) -> Result<Answer, Invalid> {
    let user = f.user("userId")?;
    let apply_no = f.text("cardApplyNo", 22, 22)?;
    if w.active(user).is_none() {
        return Ok(refuse("001_006"));
    }
    Ok(
        match w.applications.get(&apply_no).filter(|a| a.owner == user) {
            Some(a) => success(json!({"status": a.delivery})),
            None => refuse("003_001"),
        },
    )
}

/// The member's mobile card applications a delivered physical card can be linked to.
fn pre_issue(f: &Fields, w: &World) -> Result<Answer, Invalid> {
    let user = f.user("userId")?;
    let card_no = f.text("physicalCardNo", 16, 16)?;
    let exp = f.text("physicalCardExpDate", 4, 4)?;
    let cvc = f.text("physicalCardCVC", 3, 3)?;
    if w.active(user).is_none() {
        return Ok(refuse("001_006"));
    }
    let physical = w.physicals.get(&card_no);
    if !physical.is_some_and(|p| p.owner == user && p.exp == exp && p.cvc == cvc) {
        return Ok(refuse("003_011"));
    }
    let mine: Vec<(&String, &Application)> = w
        .applications
        .iter()
        .filter(|(_, a)| a.owner == user)
        .collect();
    if mine.is_empty() {
        return Ok(refuse("003_049"));
    }
    let list: Vec<Value> = mine
        .iter()
        .filter(|(_, a)| a.status == "DIGITAL_ISSUED" && !a.linked)
        .filter_map(|(no, a)| {
            let mobile = a.mobile.as_ref()?;
            let card = w.cards.get(mobile)?;
            Some(json!({
                "cardApplyNo": no,
                "issueType": if a.reissue { "REISSUE" } else { "ISSUE" },
                "digital": {"cardNo": mobile, "par": card.par, "serviceId": "000180000001000",
                            "serviceName": "Independent Prepaid", "mobileCardCVC": card.cvc},
                "status": a.status,
                "values": {"balance": card.balance},
                "requester": "APP",
            }))
        })
        .collect();
    Ok(success(json!({"issuedCardList": list})))
}

/// Modification of the Card's State: SUSPEND or RESUME, by `par` or `cardNo`.
fn status(f: &Fields, w: &mut World, defect: Option<Defect>) -> Result<Answer, Invalid> {
    let user = f.user("userId")?;
    let par = f.optional("par", 27)?;
    let card_no = f.optional("cardNo", 16)?;
    let change = f.text("status", 6, 7)?;
    if change != "SUSPEND" && change != "RESUME" {
        return Err(Invalid("status".into()));
    }
    if w.active(user).is_none() {
        return Ok(refuse("001_006"));
    }
    let by_par = match &par {
        Some(p) => match w.cards.iter().find(|(_, c)| &c.par == p) {
            Some((no, _)) => Some(no.clone()),
            None => return Ok(refuse("003_021")),
        },
        None => None,
    };
    let Some(no) = by_par.or(card_no) else {
        return Err(Invalid("cardNo".into()));
    };
    let Some(card) = w.cards.get_mut(&no).filter(|c| c.owner == user) else {
        return Ok(refuse("003_001"));
    };
    let next = match (card.state, change.as_str()) {
        (State::Terminated, _) => return Ok(refuse("003_022")),
        (State::Active, "SUSPEND") => State::Suspended,
        (State::Suspended, "RESUME") => State::Active,
        // Asking for the state the card is in: the pages are silent; this server refuses.
        _ => return Err(Invalid("status".into())),
    };
    if !(defect == Some(Defect::SuspensionForgotten) && next == State::Suspended) {
        card.state = next;
    }
    Ok(success(json!({})))
}

/// Reissuance & Renewal of a Prepaid Card to be Expired.
fn reissue(f: &Fields, w: &mut World, defect: Option<Defect>) -> Result<Answer, Invalid> {
    let user = f.user("userInfo.userId")?;
    f.text("addressInfo.address", 1, 255)?;
    f.text("addressInfo.addressDetail", 1, 255)?;
    f.text("addressInfo.zipCode", 5, 5)?;
    let old = f.text("cardInfo.oldCardNo", 16, 16)?;
    let Some(member) = w.active(user).cloned() else {
        return Ok(refuse("001_006"));
    };
    let Some(card) = w.cards.get(&old).filter(|c| c.owner == user).cloned() else {
        return Ok(refuse("003_008"));
    };
    if card.state == State::Terminated {
        return Ok(refuse("003_005"));
    }
    if card.reissued {
        return Ok(refuse("003_004"));
    }
    if card.valid_until > today() + Duration::days(30) {
        return Ok(refuse("003_006"));
    }
    if member.name.is_none() {
        return Ok(refuse("003_007"));
    }
    if !card.reissuable {
        return Ok(refuse("003_009"));
    }
    if card.balance < card.fee {
        return Ok(refuse("003_010"));
    }
    let apply_no = w.next_apply_no();
    let mobile = format!("9495{:012}", w.issued);
    let new_card = Card {
        par: format!("Q2INDEPENDENTMOB{:011}", w.issued),
        valid_until: today() + Duration::days(5 * 365),
        reissued: false,
        balance: card.balance - card.fee,
        used: false,
        state: State::Active,
        ..card.clone()
    };
    w.cards.insert(mobile.clone(), new_card);
    if let Some(c) = w.cards.get_mut(&old) {
        c.reissued = defect != Some(Defect::SecondReissueAccepted);
        c.balance = 0;
    }
    let app = Application {
        owner: user,
        day: today(),
        reissue: true,
        status: "DIGITAL_ISSUED",
        delivery: "READY",
        mobile: Some(mobile),
        linked: false,
    };
    w.applications.insert(apply_no.clone(), app);
    Ok(success(json!({"cardApplyNo": apply_no})))
}

/// Cancellation of Card Application: on the day of application, mobile card unused; the
/// mobile card is discarded.
fn cancel(f: &Fields, w: &mut World, defect: Option<Defect>) -> Result<Answer, Invalid> {
    let apply_no = f.text("cardApplyNo", 22, 22)?;
    let user = f.user("userId")?;
    if w.active(user).is_none() {
        return Ok(refuse("001_006"));
    }
    let Some(app) = w
        .applications
        .get(&apply_no)
        .filter(|a| a.owner == user)
        .cloned()
    else {
        return Ok(refuse("003_003"));
    };
    let used = app
        .mobile
        .as_ref()
        .and_then(|m| w.cards.get(m))
        .is_some_and(|c| c.used);
    let again = app.status == "CANCEL" && defect == Some(Defect::SecondCancelAccepted);
    if !again && (!CANCELLABLE.contains(&app.status) || used) {
        return Ok(refuse("003_003"));
    }
    if app.day != today() {
        return Ok(refuse("003_002"));
    }
    if let Some(a) = w.applications.get_mut(&apply_no) {
        a.status = "CANCEL";
        a.delivery = "CANCEL";
    }
    let discarded = app.mobile.and_then(|m| {
        let card = w.cards.get_mut(&m)?;
        card.state = State::Terminated;
        Some(json!({"mobileCardNo": m, "par": card.par}))
    });
    Ok(success(discarded.unwrap_or_else(|| json!({}))))
}
